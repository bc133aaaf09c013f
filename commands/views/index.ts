import type { ViewDefinition } from '../action.js';
import { accessRequestView } from './access-request.js';
import { breachAssessmentView } from './breach-assessment.js';
import { waiverView } from './waiver.js';

/** Every modal submission of the bot, one file each (`commands/views/<form>.ts`). Add a file and list it here. */
export const VIEWS: readonly ViewDefinition[] = [accessRequestView, breachAssessmentView, waiverView];
