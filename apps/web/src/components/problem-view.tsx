import { useTranslation } from 'react-i18next'
import { ApiError } from '../api/client'

/** Shows a problem+json title/detail (or a plain error message) inside a panel. */
export function ProblemView({ error }: { error: unknown }) {
  const { t } = useTranslation()
  const problem =
    error instanceof ApiError
      ? error.problem
      : {
          title: t('error.title'),
          detail: error instanceof Error ? error.message : String(error),
          status: 0,
        }
  return (
    <div className="problem" role="alert" data-testid="problem">
      <strong className="problem-title">{problem.title}</strong>
      {problem.detail ? <p className="problem-detail">{problem.detail}</p> : null}
      {error instanceof ApiError && error.problem.errors?.length ? (
        <ul>
          {error.problem.errors.map((item) => (
            <li key={item.path}>
              <code>{item.path}</code> {item.message}
            </li>
          ))}
        </ul>
      ) : null}
    </div>
  )
}
