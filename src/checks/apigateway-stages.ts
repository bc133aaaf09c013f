import type { RestApi, RestStage } from '../aws/collectors/apigateway.js';
import type { Snapshot } from '../aws/snapshot.js';
import { errorFinding, fromRead, notApplicable, regionResource, withData } from './helpers.js';
import type { Finding } from './types.js';

/**
 * The REST-stage checks' common walk: one finding per stage of every API Gateway REST API of the region,
 * `judge` deciding on the stage. The collector or the API list failing is an error for the region, an
 * API whose stages could not be read is an error for that API, an API with no stage (not deployed) is not
 * applicable, and so is a region without REST APIs.
 */
export function forEachRestStage(s: Snapshot, judge: (api: RestApi, stage: RestStage) => Finding): Finding[] {
  const resource = regionResource(s);
  return withData(s, 'apigateway', resource, (api) =>
    fromRead(api.restApis, resource, (apis) => {
      if (apis.length === 0) return [notApplicable(resource, `No API Gateway REST APIs in ${s.region} (account ${s.accountId}).`)];
      return apis.flatMap((a): Finding[] => {
        if (!a.stages.ok) return [errorFinding(a.arn, a.stages.error)];
        if (a.stages.value.length === 0) return [notApplicable(a.arn, `REST API ${a.name} (${a.id}) has no stages (it is not deployed).`)];
        return a.stages.value.map((st) => judge(a, st));
      });
    }),
  );
}
