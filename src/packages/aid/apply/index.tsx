import { ComingSoon } from '../../../components/coming-soon'
import './index.scss'

/** 救助申请 (aid application): e.g. the charity federation's grants for new university students. Coming soon. */
export default function AidApplyPage() {
  return (
    <ComingSoon
      service='救助申请'
      description='困难大学新生慈善助学等救助项目将支持在线申请和进度查询。申请材料涉及敏感个人信息，只有您和审核机构可以查看。'
      highlights={['在线查看项目条件与资助标准', '提交申请并随时查看审核进度', '身份证号等敏感信息全程脱敏展示']}
    />
  )
}
