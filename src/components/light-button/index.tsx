import type { ReactNode } from 'react'
import { Button } from '@tarojs/components'
import './index.scss'

/** `primary`: brand colour; `default`: grey text on white. */
export type LightButtonType = 'primary' | 'default'
/** `solid`: filled; `outline`: a brand outline on a transparent ground. */
export type LightButtonFill = 'solid' | 'outline'
export type LightButtonSize = 'small' | 'normal' | 'large'

export interface LightButtonProps {
  type?: LightButtonType
  fill?: LightButtonFill
  size?: LightButtonSize
  /** the full width of its container */
  block?: boolean
  disabled?: boolean
  className?: string
  onClick?: () => void
  children: ReactNode
}

/**
 * A button with NutUI Button's look for the pages of the weapp main package (the tab pages and what
 * they show): NutUI's Button would bring its styles, icons and configuration code into the main
 * package. Subpackage pages keep using NutUI's Button. A native button underneath (role, focus,
 * keyboard, disabled state).
 */
export function LightButton({ type = 'default', fill = 'solid', size = 'normal', block, disabled, className, onClick, children }: LightButtonProps) {
  const classes = ['gy-button', `gy-button--${type}`, `gy-button--${fill}`, `gy-button--${size}`, block ? 'gy-button--block' : '', disabled ? 'gy-button--disabled' : '', className ?? '']
  return (
    <Button className={classes.filter(Boolean).join(' ')} disabled={disabled} onClick={disabled ? undefined : onClick}>
      {children}
    </Button>
  )
}

export default LightButton
