/* global module */
// The import rules of gdpr-bot (docs/ARCHITECTURE.md explains the layers). Checked by
// test/architecture.test.ts on every test run, and by hand with `npm run depcruise`.
// Paths are relative to the project root; npm packages resolve through node_modules, so their
// patterns are not anchored.

/** The composition root: the only modules of src/ that may wire the Slack adapter, listeners and workers. */
const COMPOSITION_ROOT = [
  // Builds the services, the Slack app, the outbox and delivery, registers listeners and starts workers.
  '^src/main\\.ts$',
  // The type of what the composition root hands to listeners and jobs (it names the concrete outbox).
  '^src/services\\.ts$',
  // The workers' thread of ROLE=all: main.ts starts it, and it builds and starts its own services.
  '^src/queues/worker-thread(-entry)?\\.ts$',
];

/**
 * Entry points that are composition roots of their own process. `gdpr-bot doctor` checks the Slack token
 * and the outbox backlog in Redis, so it reads the Slack adapter directly; the other `src/cli/*` commands
 * (scan, policy, demo) do not touch Slack, and `start` hands over to src/main.ts.
 */
const OWN_PROCESS_ENTRY_POINTS = ['^src/cli/doctor\\.ts$'];

module.exports = {
  forbidden: [
    {
      name: 'no-circular',
      severity: 'error',
      comment:
        'No import circles, type-only ones included: a circle means two modules cannot be understood (or built with fakes) ' +
        'one without the other. Move the shared piece into a module of its own.',
      from: {},
      to: { circular: true },
    },
    {
      name: 'slack-only-at-the-edge',
      severity: 'error',
      comment:
        "Domain code does not speak Slack: only a feature's messages.ts (which renders mrkdwn and Block Kit) and the " +
        'composition root import src/slack/. Flows hand messages to the Outbox port (src/notify/outbox.ts).',
      from: { path: '^src/', pathNot: ['^src/slack/', '(^|/)messages\\.ts$', ...COMPOSITION_ROOT, ...OWN_PROCESS_ENTRY_POINTS] },
      to: { path: '^src/slack/' },
    },
    {
      name: 'slack-adapter-holds-no-feature',
      severity: 'error',
      comment:
        'src/slack/ is the adapter (Bolt app, router, outbox delivery, mrkdwn, Block Kit limits): it knows no feature. A ' +
        "feature's view lives in that feature's messages.ts (the posture in src/checks/messages.ts), never in src/slack/.",
      from: { path: '^src/slack/' },
      to: { path: '^src/(checks|remediations|access|approvals|findings|breach|waivers|datamap|home|charts|audit)/' },
    },
    {
      name: 'src-not-to-listeners-or-jobs',
      severity: 'error',
      comment:
        'commands/ (Slack listeners) and jobs/ (BullMQ processors) are adapters on top of src/; src/ never imports them, ' +
        'except the composition root, which registers them.',
      from: { path: '^src/', pathNot: ['^src/main\\.ts$'] },
      to: { path: '^(commands|jobs)/' },
    },
    {
      name: 'checks-read-collector-types-only',
      severity: 'error',
      comment:
        'Checks are pure functions of the snapshot: from src/aws/collectors/ they import types only (a value import would ' +
        'load the AWS SDK client of that collector into every process). context.ts is the exception: the Read/CallError ' +
        'vocabulary, free of SDK clients (see collector-context-sdk-free).',
      from: { path: '^src/checks/' },
      to: { path: '^src/aws/collectors/', pathNot: ['^src/aws/collectors/context\\.ts$'], dependencyTypesNot: ['type-only'] },
    },
    {
      name: 'checks-not-to-aws-clients',
      severity: 'error',
      comment: 'Checks never call AWS: no AWS SDK client and no src/aws/clients.ts values (only collectors read AWS).',
      from: { path: '^src/checks/' },
      to: { path: ['node_modules/@aws-sdk/client-', '^src/aws/clients\\.ts$'], dependencyTypesNot: ['type-only'] },
    },
    {
      name: 'collector-context-sdk-free',
      severity: 'error',
      comment: "The collectors' shared vocabulary (context.ts, types.ts) loads no AWS SDK client: checks import it.",
      from: { path: '^src/aws/collectors/(context|types)\\.ts$' },
      to: { path: 'node_modules/@aws-sdk/client-' },
    },
    {
      name: 'aws-does-not-judge',
      severity: 'error',
      comment: 'Collectors and AWS plumbing (src/aws/) read and record; they never import the checks that judge what was read.',
      from: { path: '^src/aws/' },
      to: { path: '^src/checks/' },
    },
    {
      name: 'approvals-kernel-below-features',
      severity: 'error',
      comment:
        'The approvals kernel (src/approvals/: approvals, refusals, guards, the versioned compare-and-set) is shared by ' +
        'remediations and access, so it knows neither: of src/ it imports src/redis/ only (its Lua lives in src/redis/scripts.ts).',
      from: { path: '^src/approvals/' },
      to: { path: '^src/', pathNot: ['^src/approvals/', '^src/redis/'] },
    },
    {
      name: 'demo-stays-in-the-demo',
      severity: 'error',
      comment:
        'The synthetic AWS account and the local stand-in for Slack (src/demo/) are loaded only by `gdpr-bot demo` ' +
        '(src/cli/main.ts): the bot itself can never answer from synthetic data.',
      from: { path: '^(src|commands|jobs)/', pathNot: ['^src/demo/', '^src/cli/main\\.ts$'] },
      to: { path: '^src/demo/' },
    },
    {
      name: 'listeners-and-jobs-apart',
      severity: 'error',
      comment: 'Listeners (commands/) and job processors (jobs/) share code through src/, never through each other.',
      from: { path: '^(commands|jobs)/' },
      to: { path: '^(commands|jobs)/', pathNot: ['^$1/'] },
    },
    {
      name: 'no-test-code-in-the-bot',
      severity: 'error',
      comment: 'Nothing the bot runs imports test/ or bench/.',
      from: { path: '^(src|commands|jobs)/' },
      to: { path: '^(test|bench)/' },
    },
  ],
  options: {
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    doNotFollow: { path: 'node_modules' },
  },
};
