import { errorFinding, fail, fromRead, notApplicable, pass, regionResource, withData } from '../helpers.js';
import { publicStatements } from '../resource-policy.js';
import { defineCheck, type Finding } from '../types.js';

/**
 * No Lambda function's resource-based policy lets anyone invoke or manage it: an Allow to Principal `*`
 * counts unless a condition pins the caller (aws:SourceArn, aws:SourceAccount, aws:PrincipalOrgID, …;
 * see `publicStatements` in `../resource-policy.ts`). The permission a function URL with AuthType NONE
 * adds (`lambda:FunctionUrlAuthType` NONE) is public: it lets anyone on the internet call the function.
 */
export const lambda_function_not_publicly_accessible = defineCheck({
  id: 'lambda_function_not_publicly_accessible',
  title: 'Lambda function policies do not allow everyone',
  demands:
    'No Lambda function policy (GetPolicy, unqualified) has an Allow for Principal "*" (or {"AWS":"*"}, or NotPrincipal) without a condition that pins the caller to a fixed source ARN, account or organisation; a function URL with AuthType NONE fails.',
  actionItem: 4,
  gdpr: ['Art. 25', 'Art. 32'],
  severity: 'high',
  scope: 'region',
  needs: ['lambda'],
  permissions: ['lambda:ListFunctions', 'lambda:GetPolicy'],
  rationale:
    'A function anyone may invoke runs with its execution role on whatever input it is given: the personal data that role can read is as open as the function.',
  evaluate(s) {
    const resource = regionResource(s);
    return withData(s, 'lambda', resource, (lambda) =>
      fromRead(lambda.functions, resource, (functions) => {
        if (functions.length === 0) return [notApplicable(resource, `No Lambda functions in ${s.region} (account ${s.accountId}).`)];
        return functions.map((f): Finding => {
          if (!f.policy.ok) return errorFinding(f.arn, f.policy.error);
          if (f.policy.value === null)
            return pass(f.arn, `Lambda function ${f.name} has no resource-based policy: only principals its account's IAM policies allow can invoke it.`);
          const open = publicStatements(f.policy.value);
          if (open.length === 0)
            return pass(f.arn, `The resource-based policy of Lambda function ${f.name} allows no one outside named principals or pinned sources.`);
          return fail(
            f.arn,
            `The resource-based policy of Lambda function ${f.name} in ${s.region} is public: ${open.map((o) => `${o.statement} ${o.how}`).join('; ')}.`,
          );
        });
      }),
    );
  },
});
