import { ComingSoon } from '../../../components/coming-soon'
import './index.scss'

/** 组织入驻 (organization registration): social organizations apply to be verified. Coming soon. */
export default function OrgRegisterPage() {
  return (
    <ComingSoon
      service='组织入驻'
      description='社会团体、民办非企业单位、基金会和社区社会组织认证入驻后，可以发布志愿活动、审核微心愿、组织爱心车队。'
      highlights={['填写统一社会信用代码等组织信息', '县社会组织服务中心审核认证', '邀请工作人员加入，共同管理活动']}
    />
  )
}
