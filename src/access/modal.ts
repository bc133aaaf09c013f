import type { ModalView } from '@slack/types';
import type { AccessRoleConfig } from '../config/schema.js';
import { ACCESS_MODAL } from './messages.js';

/** The block ids of the request modal's inputs (also the keys of its validation errors). */
export const MODAL_BLOCKS = { role: 'role', duration: 'duration', justification: 'justification', ticket: 'ticket' } as const;

/** The `/gdpr access` modal: role select from the configuration, duration, justification (required), ticket. */
export function accessModal(roles: readonly AccessRoleConfig[], origin: { channel: string }): ModalView {
  return {
    type: 'modal',
    callback_id: ACCESS_MODAL,
    title: { type: 'plain_text', text: 'Request AWS access' },
    submit: { type: 'plain_text', text: 'Request' },
    close: { type: 'plain_text', text: 'Cancel' },
    private_metadata: JSON.stringify(origin),
    blocks: [
      {
        type: 'input',
        block_id: MODAL_BLOCKS.role,
        label: { type: 'plain_text', text: 'Role' },
        element: {
          type: 'static_select',
          action_id: 'value',
          placeholder: { type: 'plain_text', text: 'Choose a role' },
          options: roles.slice(0, 100).map((r) => ({
            text: { type: 'plain_text', text: `${r.name}${r.breakglass ? ' (breakglass)' : ''}`.slice(0, 75) },
            value: r.name,
          })),
        },
      },
      {
        type: 'input',
        block_id: MODAL_BLOCKS.duration,
        label: { type: 'plain_text', text: 'For how long' },
        hint: { type: 'plain_text', text: 'e.g. 30m, 1h, 2h30m (at least 15m, at most the role maximum)' },
        element: { type: 'plain_text_input', action_id: 'value', initial_value: '1h', max_length: 20 },
      },
      {
        type: 'input',
        block_id: MODAL_BLOCKS.justification,
        label: { type: 'plain_text', text: 'Why do you need it?' },
        element: { type: 'plain_text_input', action_id: 'value', multiline: true, max_length: 1500 },
      },
      {
        type: 'input',
        block_id: MODAL_BLOCKS.ticket,
        optional: true,
        label: { type: 'plain_text', text: 'Ticket' },
        element: { type: 'plain_text_input', action_id: 'value', max_length: 200 },
      },
    ],
  };
}

type ViewValues = Record<string, Record<string, { value?: string | null; selected_option?: { value?: string } | null }>>;

/** The submitted fields of the modal, as text. */
export function readAccessModal(values: ViewValues): { role: string; duration: string; justification: string; ticket?: string } {
  const text = (block: string) => values[block]?.value?.value ?? '';
  return {
    role: values[MODAL_BLOCKS.role]?.value?.selected_option?.value ?? '',
    duration: text(MODAL_BLOCKS.duration),
    justification: text(MODAL_BLOCKS.justification),
    ticket: text(MODAL_BLOCKS.ticket) || undefined,
  };
}
