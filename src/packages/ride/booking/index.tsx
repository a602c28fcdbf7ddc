import { ComingSoon } from '../../../components/coming-soon'
import './index.scss'

/** 爱心送考 (ride booking): exam-day rides by volunteer driver fleets. Coming soon. */
export default function RideBookingPage() {
  return (
    <ComingSoon
      service='爱心送考'
      description='每年高考、中考期间，苍南爱心车队的志愿司机免费接送考生往返考场。预约功能正在建设中，敬请期待。'
      highlights={['凭准考证预约，考生可带一名陪同家长', '选择考试日期、接送方向和上车地点', '困难家庭、偏远村居考生优先安排']}
    />
  )
}
