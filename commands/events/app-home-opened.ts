import type { AllMiddlewareArgs, SlackEventMiddlewareArgs } from '@slack/bolt';
import { restrictedHomeView } from '../../src/home/messages.js';
import { publishHome, rememberViewer } from '../../src/home/publish.js';
import type { Services } from '../../src/services.js';
import { audienceRefusal, homeOf } from '../audience.js';

type HomeOpenedArgs = SlackEventMiddlewareArgs<'app_home_opened'> & AllMiddlewareArgs;

/**
 * `app_home_opened` on the Home tab: publishes that person's dashboard (src/home/). Who is looking is
 * checked on the server first: a guest or an account of another organisation gets the restricted view
 * (no posture), as `/gdpr status` refuses them. Bolt has acknowledged the event already.
 */
export function makeHomeOpened(services: Services) {
  return async ({ event, body, context }: HomeOpenedArgs): Promise<void> => {
    if (event.tab !== 'home') return;
    const userId = event.user;
    const log = services.log.child({ event: 'app_home_opened', user: userId });
    try {
      const refusal = await audienceRefusal(services, userId, 'members', 'the Home tab', { body, home: homeOf(context) });
      if (refusal) {
        await services.slack.views.publish({ user_id: userId, view: restrictedHomeView() });
        return;
      }
      await rememberViewer(services, userId);
      await publishHome(services, userId);
    } catch (err) {
      log.error({ err }, 'could not publish the Home tab');
    }
  };
}
