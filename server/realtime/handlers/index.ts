import type { Runtime } from '../../runtime';
import type { WharfServer, WharfSocket } from '../index';
import type { LiveStreams } from '../live-streams';
import { registerContainersHandler } from './containers-handler';
import { registerExecHandler } from './exec-handler';
import { registerHostsHandler } from './hosts-handler';

export interface RealtimeContext {
  streams: LiveStreams;
}

export type SocketHandler = (socket: WharfSocket, rt: Runtime, io: WharfServer, ctx: RealtimeContext) => void;

/** One handler per domain; adding a domain means adding it here. */
export const handlers: SocketHandler[] = [registerHostsHandler, registerContainersHandler, registerExecHandler];
