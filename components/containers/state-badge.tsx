import { Badge } from '../ui/badge';
import { STATE_TONE, type DisplayState } from './container-model';

/** The container's state word in its colour; the same everywhere (list, page header). */
export function StateBadge({ state }: { state: DisplayState }) {
  return (
    <Badge tone={STATE_TONE[state]} dot pulse={state === 'restarting' || state === 'removing'} data-testid="state-badge" data-state={state}>
      {state}
    </Badge>
  );
}
