import type { Runtime } from '../../runtime';
import type { WharfServer, WharfSocket } from '../index';
import { registerHostsHandler } from './hosts-handler';

export type SocketHandler = (socket: WharfSocket, rt: Runtime, io: WharfServer) => void;

/** One handler per domain; adding a domain means adding it here. */
export const handlers: SocketHandler[] = [registerHostsHandler];
