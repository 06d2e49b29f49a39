import { Duration } from 'cdk8s';
import { fieldError } from './errors';

/**
 * Renders a cdk8s Duration as an Istio duration string (`'7s'`, `'1500ms'`) without float noise.
 * @throws when the duration is negative or below Istio's 1ms floor
 */
export function renderIstioDuration(duration: Duration, field: string): string {
  // Rounded to whole microseconds: Duration.seconds(524288.107) converts to 524288107.00000006 ms.
  const ms = Math.round(duration.toMilliseconds({ integral: false }) * 1000) / 1000;
  if (!Number.isFinite(ms) || ms < 1 || !Number.isInteger(ms)) {
    throw fieldError(field, `${ms}ms is not a valid Istio duration; use a whole number of milliseconds of at least 1ms (e.g. Duration.millis(500))`);
  }
  return ms % 1000 === 0 ? `${ms / 1000}s` : `${ms}ms`;
}
