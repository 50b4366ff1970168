import { useState } from 'react'
import { useNavigate } from 'react-router'
import { useMutation } from 'urql'
import { Button } from '@/components/ui'
import { graphql } from '@/gql'
import { useSession } from '@/lib/auth'

const signOutMutation = graphql(`
  mutation SignOut {
    logout {
      success
      errors {
        code
        message
        field
      }
    }
  }
`)

/** Signs this session out, drops everything cached of this user, and goes to the sign-in page. */
export function SignOutButton() {
  const [{ fetching }, signOut] = useMutation(signOutMutation)
  const { resetSession } = useSession()
  const navigate = useNavigate()
  const [failed, setFailed] = useState(false)

  async function handlePress() {
    setFailed(false)
    const result = await signOut({})
    // A network failure leaves the cookie in place: say so rather than pretend.
    if (result.error?.networkError) {
      setFailed(true)
      return
    }
    resetSession()
    navigate('/signin', { replace: true })
  }

  return (
    <>
      <Button variant="quiet" onClick={handlePress} pending={fetching}>
        Sign out
      </Button>
      {failed && (
        <span role="alert" className="header__error">
          Could not sign out: check your connection.
        </span>
      )}
    </>
  )
}
