export { ERROR_STATUS, ERROR_TITLES } from './status'
export {
  PROBLEM_CONTENT_TYPE,
  registerProblemHandling,
  routeNotFound,
  sendProblem,
  toProblem,
} from './problem'
export type { Problem, ProblemFieldError } from './problem'
