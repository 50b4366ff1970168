import type { ReactNode } from 'react'
import { Dialog as AriaDialog, Heading, Modal, ModalOverlay } from 'react-aria-components'

export interface DialogProps {
  /** The dialog's title: its heading and accessible name. */
  title: string
  isOpen: boolean
  onOpenChange: (isOpen: boolean) => void
  /** Content, or a function of `close` for a Cancel button. */
  children: ReactNode | ((close: () => void) => ReactNode)
  /** Clicking outside closes it (Escape always does). Off for forms, so typing is not lost. */
  isDismissable?: boolean
}

/**
 * A modal dialog (react-aria): focus moves in and is trapped, Escape closes, focus returns to
 * what opened it. Controlled: keep `isOpen` in the caller's state.
 */
export function Dialog({ title, isOpen, onOpenChange, children, isDismissable = false }: DialogProps) {
  return (
    <ModalOverlay className="modal-overlay" isOpen={isOpen} onOpenChange={onOpenChange} isDismissable={isDismissable}>
      <Modal className="modal">
        <AriaDialog className="dialog">
          {({ close }) => (
            <>
              <Heading slot="title" className="dialog__title">
                {title}
              </Heading>
              {typeof children === 'function' ? children(close) : children}
            </>
          )}
        </AriaDialog>
      </Modal>
    </ModalOverlay>
  )
}
