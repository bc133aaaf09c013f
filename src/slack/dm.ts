/** The DM channel directory moved to src/notify/dm.ts (flows use it without depending on the Slack adapter). */
export { dmChannel } from '../notify/dm.js';
