/**
 * An answer as a Reply: the normal model (sections of items with citations), so every renderer shows
 * it with no special code; `data` is the JSON contract `{answer, citations, confidence}`.
 */
import type { Citation, Item, Reply, Section } from '../reply/reply.ts';
import { DONT_SAY, type AnswerItem, type AskAnswer } from './answer.ts';

const TITLE_LENGTH = 140;

function item(a: AnswerItem): Item {
  return { text: a.text, label: a.label, notes: a.notes.length ? a.notes : undefined, citations: a.citations };
}

function contractCitation(c: Citation): { briefing: string; sentence: number; text: string } {
  return { briefing: c.briefing, sentence: c.sentence, text: c.text };
}

function confidenceWord(x: number): string {
  return x >= 0.85 ? 'high' : x >= 0.7 ? 'fair' : 'low';
}

export function askReply(result: AskAnswer): Reply {
  const title = result.question.length > TITLE_LENGTH ? `${result.question.slice(0, TITLE_LENGTH - 1)}…` : result.question;
  const data = { answer: result.answer, citations: result.citations.map(contractCitation), confidence: result.confidence };
  if (result.answer === null) {
    const sections: Section[] = result.related.length ? [{ title: 'Nearest related facts', items: result.related.map(item) }] : [];
    return {
      title,
      intro: result.notice ? `${DONT_SAY} ${result.notice}` : DONT_SAY,
      sections,
      footer: result.related.length ? 'These facts are near the question but do not answer it.' : undefined,
      data,
    };
  }
  const support = result.support!;
  const statementAnswer = support.text === result.answer;
  const items = [item(support), ...(result.also ?? []).map(item)];
  return {
    title,
    intro: statementAnswer ? undefined : result.answer,
    sections: [{ title: statementAnswer ? 'Answer' : 'From the briefing', items }],
    footer: `Confidence ${result.confidence.toFixed(2)} (${confidenceWord(result.confidence)}). Answers come only from the briefings; inferred dates are marked.`,
    data,
  };
}
