import { z } from 'zod';
import { ask } from '../ask/answer.ts';
import { askReply } from '../ask/reply.ts';
import { INPUT_LIMITS } from '../render/limits.ts';
import { UserError, type Reply } from '../reply/reply.ts';
import { defineCommand } from './command.ts';
import { briefingOption, requiredTextOption } from './options.ts';

export const askCommand = defineCommand({
  name: 'ask',
  description: "Answer a question from the briefings, citing the sentences; says so when they don't say",
  usage: 'ask QUESTION [briefing:ID]',
  examples: ['ask When was the concert hall attack?', 'ask What did Lecornu deny?', 'ask Who offered condolences to whom?'],
  options: z.object({
    question: requiredTextOption({ description: 'Your question, in plain English', positional: true }, INPUT_LIMITS.question),
    briefing: briefingOption(),
  }),
  handler({ question, briefing }, { library }): Reply {
    if (!/[\p{L}\p{N}]/u.test(question)) {
      throw new UserError('not_a_question', 'Ask a question in words, for example: ask When was the concert hall attack?');
    }
    return askReply(ask(library, question, { briefing }));
  },
});
