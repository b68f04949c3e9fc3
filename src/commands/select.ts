/** "3 more …" footer text, or undefined when nothing was left out. */
export function moreNote(shown: number, total: number, noun: string, how: string): string | undefined {
  const more = total - shown;
  if (more <= 0) return undefined;
  return `${more.toLocaleString('en')} more ${noun}${more === 1 ? '' : 's'} not shown: ${how}.`;
}
