import { fail, fromRead, notApplicable, pass, regionResource, withData } from '../helpers.js';
import { defineCheck } from '../types.js';

/** Every EFS file system of the region, whatever its state (deleted ones aside), is encrypted at rest. */
export const efs_file_system_encrypted = defineCheck({
  id: 'efs_file_system_encrypted',
  title: 'EFS file systems are encrypted at rest',
  demands: 'Every EFS file system, whatever its state (deleted ones aside), is encrypted at rest.',
  actionItem: 12,
  gdpr: ['Art. 32'],
  severity: 'medium',
  scope: 'region',
  needs: ['efs'],
  permissions: ['elasticfilesystem:DescribeFileSystems'],
  rationale:
    'Encryption at rest can only be chosen when a file system is created; an unencrypted one holds its data in clear on the storage and in its backups.',
  evaluate(s) {
    const resource = regionResource(s);
    return withData(s, 'efs', resource, (efs) =>
      fromRead(efs.fileSystems, resource, (all) => {
        const fileSystems = all.filter((f) => f.state !== 'deleted');
        if (fileSystems.length === 0) return [notApplicable(resource, `No EFS file systems in ${s.region} (account ${s.accountId}).`)];
        return fileSystems.map((f) =>
          f.encrypted
            ? pass(f.arn, `EFS file system ${f.id} (${f.state}) is encrypted.`)
            : fail(f.arn, `EFS file system ${f.id} (${f.state}) in ${s.region} is not encrypted at rest.`),
        );
      }),
    );
  },
});
