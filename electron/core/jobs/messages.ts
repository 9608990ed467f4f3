import type { FieldError } from '../../../shared/contract';
import type { TaskName } from './tasks';

/** Main thread → worker. */
export interface TaskRequest {
  id: number;
  task: TaskName;
  input: unknown;
}

/** A failure as it crosses the thread boundary: enough to rebuild a StoreError or ServiceError. */
export interface WireError {
  name: string;
  message: string;
  code?: string;
  fields?: FieldError[];
}

/** Worker → main thread. */
export type TaskMessage =
  | { id: number; kind: 'progress'; done: number; total: number; phase?: string }
  | { id: number; kind: 'result'; value: unknown }
  | { id: number; kind: 'error'; error: WireError };
