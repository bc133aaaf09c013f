/**
 * How a flow tells its job adapter that retrying cannot help: it throws {@link StopRetrying}, and the
 * processor in `jobs/` fails the job at once (BullMQ's `UnrecoverableError`, same message). Flows stay
 * free of BullMQ; the attempt they run is given as a {@link JobAttempt}.
 */

/** A step that must not be retried (its job fails at once with this message). */
export class StopRetrying extends Error {
  override name = 'StopRetrying';
}

/** Which attempt of its job a step is (BullMQ's `attemptsMade` and `opts.attempts`). */
export interface JobAttempt {
  /** Attempts made before this one (0 on the first). */
  made: number;
  /** Attempts the job has in all. */
  max: number;
}

/** True on the job's last attempt. */
export function isLastAttempt(attempt: JobAttempt): boolean {
  return attempt.made + 1 >= attempt.max;
}

/** The attempt of a BullMQ job. */
export function attemptOf(job: { attemptsMade: number; opts: { attempts?: number } }): JobAttempt {
  return { made: job.attemptsMade, max: job.opts.attempts ?? 1 };
}
