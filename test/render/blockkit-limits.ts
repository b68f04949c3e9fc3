/**
 * Every Slack limit a rendered message must respect, as a list of violations (empty when within all).
 * Shared by the renderer's property tests and the end-to-end tests.
 */
import { SLACK_LIMITS } from '../../src/render/limits.ts';
import type { SlackBlock, SlackMessage } from '../../src/render/blockkit.ts';

interface TextObject {
  type: string;
  text: string;
  verbatim?: boolean;
}

const WELL_FORMED = /^(?:[^\ud800-\udfff]|[\ud800-\udbff][\udc00-\udfff])*$/;

function textProblems(where: string, t: TextObject, max: number): string[] {
  const out: string[] = [];
  if (t.text.length > max) out.push(`${where}: ${t.text.length} characters > ${max}`);
  if (!t.text.trim()) out.push(`${where}: empty text`);
  if (/[<>]/.test(t.text)) out.push(`${where}: unescaped < or > in ${JSON.stringify(t.text.slice(0, 80))}`);
  if (/&(?!amp;|lt;|gt;)/.test(t.text)) out.push(`${where}: bare & in ${JSON.stringify(t.text.slice(0, 80))}`);
  if (/@(channel|here|everyone)/i.test(t.text)) out.push(`${where}: a broadcast word`);
  if (!WELL_FORMED.test(t.text)) out.push(`${where}: a lone surrogate`);
  if (t.type === 'mrkdwn' && t.verbatim !== true) out.push(`${where}: mrkdwn without verbatim`);
  return out;
}

export function slackLimitViolations(message: SlackMessage): string[] {
  const out: string[] = [];
  const { blocks } = message;
  if (blocks.length > SLACK_LIMITS.blocksPerMessage) out.push(`${blocks.length} blocks > ${SLACK_LIMITS.blocksPerMessage}`);
  const size = JSON.stringify(blocks).length;
  if (size > SLACK_LIMITS.totalBlockChars) out.push(`${size} characters of blocks > ${SLACK_LIMITS.totalBlockChars}`);
  out.push(...textProblems('text', { type: 'mrkdwn', text: message.text, verbatim: true }, SLACK_LIMITS.messageText));
  blocks.forEach((block: SlackBlock, i) => {
    const at = `block ${i} (${block.type})`;
    switch (block.type) {
      case 'header':
        out.push(...textProblems(at, block.text, SLACK_LIMITS.headerText));
        if (block.text.type !== 'plain_text') out.push(`${at}: header text must be plain_text`);
        break;
      case 'section':
        if (!block.text && !block.fields?.length) out.push(`${at}: neither text nor fields`);
        if (block.text) out.push(...textProblems(at, block.text as TextObject, SLACK_LIMITS.sectionText));
        if ((block.fields?.length ?? 0) > SLACK_LIMITS.sectionFields) out.push(`${at}: ${block.fields!.length} fields > ${SLACK_LIMITS.sectionFields}`);
        for (const f of block.fields ?? []) out.push(...textProblems(`${at} field`, f as TextObject, SLACK_LIMITS.fieldText));
        break;
      case 'context':
        if (block.elements.length === 0 || block.elements.length > SLACK_LIMITS.contextElements) out.push(`${at}: ${block.elements.length} elements`);
        for (const e of block.elements) out.push(...textProblems(`${at} element`, e as TextObject, SLACK_LIMITS.contextText));
        break;
      case 'actions':
        if (block.elements.length === 0 || block.elements.length > SLACK_LIMITS.actionsElements) out.push(`${at}: ${block.elements.length} elements`);
        for (const e of block.elements) {
          if (e.type !== 'button') continue;
          out.push(...textProblems(`${at} button`, e.text, SLACK_LIMITS.buttonText));
          if ((e.value ?? '').length > SLACK_LIMITS.buttonValue) out.push(`${at}: button value too long`);
          if ((e.action_id ?? '').length > SLACK_LIMITS.actionId) out.push(`${at}: action_id too long`);
        }
        break;
    }
  });
  return out;
}
