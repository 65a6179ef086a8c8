import type { zhCN } from './zh-cn'

/** Widens a message tree's string literals to `string`, keeping its keys. */
type Widen<T> = { [K in keyof T]: T[K] extends string ? string : Widen<T[K]> }
/** The shape every locale must have: exactly zh-CN's keys (the type checker enforces it for en). */
export type Messages = Widen<typeof zhCN>
