import type { Runtime } from '../../runtime';
import type { WharfServer, WharfSocket } from '../index';
import type { LiveState } from '../live-state';
import type { LiveStreams } from '../live-streams';
import { registerContainersHandler } from './containers-handler';
import { registerExecHandler } from './exec-handler';
import { registerLiveHandler } from './live-handler';

export interface RealtimeContext {
  streams: LiveStreams;
  live: LiveState;
}

export type SocketHandler = (socket: WharfSocket, rt: Runtime, io: WharfServer, ctx: RealtimeContext) => void;

/** One handler per domain; adding a domain means adding it here. */
export const handlers: SocketHandler[] = [registerLiveHandler, registerContainersHandler, registerExecHandler];
