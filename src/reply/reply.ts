/**
 * The platform-neutral reply every command handler returns. Renderers (src/render) turn it into
 * console text, Block Kit or Discord embeds; `data` is the stable JSON contract printed by `--json`.
 */

export interface Citation {
  briefing: string;
  /** 1-based sentence number in the article. */
  sentence: number;
  paragraph: number;
  /** The whole sentence the fact comes from. */
  text: string;
}

export interface Item {
  text: string;
  /** A short label shown before the text: a date, a status, a kind. */
  label?: string;
  /** Secondary lines under the item: what disputes a claim, how a date is known. */
  notes?: string[];
  citations: Citation[];
}

export interface Section {
  title?: string;
  items: Item[];
}

export interface Field {
  label: string;
  value: string;
}

export interface ReplyError {
  code: string;
  message: string;
  /** "Did you mean …" candidates. */
  suggestions?: string[];
  /** The command's usage line, when the input did not parse. */
  usage?: string;
}

export interface Reply {
  title: string;
  /** One or two lines under the title. */
  intro?: string;
  fields?: Field[];
  sections: Section[];
  footer?: string;
  /** Set on the pages made by render/paginate.ts: 0-based index and page count. */
  page?: { index: number; count: number };
  /** The JSON contract of the command (see README, "JSON output"). */
  data: Record<string, unknown>;
  error?: ReplyError;
}

export function errorReply(error: ReplyError): Reply {
  return { title: 'Error', sections: [], data: { error: { code: error.code, message: error.message, ...(error.suggestions?.length ? { suggestions: error.suggestions } : {}) } }, error };
}

/** Thrown by handlers for input problems; the registry turns it into an error reply. */
export class UserError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly suggestions: string[] = [],
  ) {
    super(message);
  }
}
