import { describe, expect, it } from 'vitest';
import { parseArticle } from '../../src/briefing/article.ts';
import { ingestText, IngestError, idFromTitle } from '../../src/ingest/draft.ts';
import { renderBriefing } from '../../src/ingest/yaml.ts';

const article = (body: string, published = '2024-05-08'): string => `title: Test\nsource: Test Wire\npublished: ${published}\n\n${body}\n`;
const person = (d: ReturnType<typeof ingestText>, name: string) => d.entities.find((e) => e.kind === 'person' && e.name === name);
const claimsBy = (d: ReturnType<typeof ingestText>, name: string) => d.claims.filter((c) => c.claimant === name);

describe('ingest: entities', () => {
  it('clusters a name, its surname, its title form and a description into one person with a role', () => {
    const d = ingestText(article('Russian Foreign Minister Sergei Lavrov met his counterpart on Tuesday. Lavrov said the talks were useful. Later the Russian foreign minister left Beijing.'));
    const lavrov = person(d, 'Sergei Lavrov')!;
    expect(lavrov.role).toBe('Russian Foreign Minister');
    expect(lavrov.aliases).toEqual(expect.arrayContaining(['Lavrov', 'Russian foreign minister']));
    expect(d.entities.filter((e) => e.kind === 'person')).toHaveLength(1);
  });

  it('takes roles from titles, roles before a name and appositives', () => {
    const d = ingestText(article([
      'U.S. Secretary of State John Kerry spoke first.',
      'North Korean leader Kim Jong Un answered.',
      '"It is different," said Aaron Stein, senior fellow at the Atlantic Council.',
      'Ed Royce, chairman of the House Foreign Affairs Committee, agreed.',
    ].join(' ')));
    expect(person(d, 'John Kerry')?.role).toBe('U.S. Secretary of State');
    expect(person(d, 'Kim Jong Un')?.role).toBe('North Korean leader');
    expect(person(d, 'Aaron Stein')?.role).toBe('senior fellow at the Atlantic Council');
    expect(person(d, 'Ed Royce')?.role).toBe('chairman of the House Foreign Affairs Committee');
  });

  it('does not count bylines, credit lines, nationalities or named ships as people', () => {
    const d = ingestText(article([
      'Iranian vessels fired rockets close to the U.S. aircraft carrier Harry S Truman, French officials said.',
      '',
      '(Reporting by John Davison and Lisa Barrington in Beirut; Editing by Hugh Lawson)',
      '',
      'SOURCE: Jane Roe, Example Agency',
    ].join('\n')));
    expect(d.entities.filter((e) => e.kind === 'person').map((e) => e.name)).toEqual([]);
    expect(d.entities.map((e) => e.name)).not.toContain('French');
    expect(d.entities.find((e) => e.name === 'United States')?.kind).toBe('country');
  });

  it('skips the dateline and subheads as sources of names', () => {
    const d = ingestText(article('BAKU/YEREVAN Azerbaijan said on Sunday its forces had repelled an attack.\n\nJOHN AND JAVAD\n\nThe two men spoke again.'));
    expect(d.entities.some((e) => /JOHN|BAKU/.test(e.name))).toBe(false);
    expect(claimsBy(d, 'Azerbaijan')).toHaveLength(1);
  });
});

describe('ingest: claims', () => {
  it('attributes reported speech, direct quotes and pronouns, with the kind from the verb', () => {
    const d = ingestText(article([
      'Interior Minister Efkan Ala denied that the man was on any list.',
      '"He was not on the wanted list," Ala told a news conference.',
      'He accused foreign agencies of withholding information.',
      'Ala also warned that more attacks were possible.',
      'The ministers urged calm.',
    ].join(' ')));
    const byAla = claimsBy(d, 'Efkan Ala');
    expect(byAla.map((c) => c.kind)).toEqual(expect.arrayContaining(['denial', 'assertion', 'accusation', 'warning']));
    const quoted = byAla.find((c) => c.quote)!;
    expect(quoted.quote).toBe('He was not on the wanted list');
    expect(quoted.evidence).toContain('Ala told a news conference');
  });

  it('resolves "she said" to the last fitting person and continues a quotation', () => {
    const d = ingestText(article('South Korean President Park Geun-hye spoke on TV. "China knows this," she said. "The best partners hold your hand."'));
    expect(claimsBy(d, 'Park Geun-hye').map((c) => c.quote)).toEqual(['China knows this', 'The best partners hold your hand.']);
  });

  it('takes organisations, unnamed sources and descriptions as claimants', () => {
    const d = ingestText(article([
      "The Azeri defense ministry said two soldiers were killed.",
      'Another convoy entered two villages, a U.N. source said.',
      'Hezbollah has, in response to accusations, denied there had been any deaths, and accused rebel leaders of lying.',
      "Turkish Interior Minister Efkan Ala spoke later. Turkey's interior minister said the bomber was Syrian.",
    ].join(' ')));
    expect(d.claims.map((c) => [c.claimant, c.kind])).toEqual(expect.arrayContaining([
      ['Azeri defense ministry', 'assertion'],
      ['U.N. source', 'assertion'],
      ['Hezbollah', 'denial'],
      ['Hezbollah', 'accusation'],
      ['Efkan Ala', 'assertion'],
    ]));
  });

  it('records a relaying source as "via" and ignores passive and negated verbs', () => {
    const d = ingestText(article('North Korean leader Kim Jong Un called for a bigger arsenal, state media reported on Wednesday. At least 10 people are said to have starved. Reuters could not confirm the reports.'));
    expect(d.claims).toHaveLength(1);
    expect(d.claims[0]).toMatchObject({ claimant: 'Kim Jong Un', kind: 'proposal' });
    expect(d.claims[0]!.via).toMatch(/state media/);
  });

  it('reads statements named by a noun', () => {
    const d = ingestText(article("This came after French President Emmanuel Macron's statement in February that troops could be sent."));
    expect(claimsBy(d, 'Emmanuel Macron')[0]?.text).toBe('Troops could be sent.');
  });
});

describe('ingest: wire styles', () => {
  it('reads AP-style attributions and datelines', () => {
    const d = ingestText(article('LEWISTON, Maine (AP) -- A fire leveled a home early Thursday, killing one person, a fire official said. The blaze started at 6:15 a.m., said Fire Department Chief Mark Juelfs. Crews arrived within minutes, Juelfs said.', '2024-03-21'));
    expect(d.entities.find((e) => e.name === 'Mark Juelfs')).toMatchObject({ kind: 'person', role: 'Fire Department Chief' });
    expect(d.claims.map((c) => [c.claimant, c.text])).toEqual([
      ['Fire official', 'A fire leveled a home early Thursday, killing one person.'],
      ['Mark Juelfs', 'The blaze started at 6:15 a.m.'],
      ['Mark Juelfs', 'Crews arrived within minutes.'],
    ]);
    expect(d.events.map((e) => e.date)).toEqual(['2024-03-21']);
  });

  it('resolves "the Premier said" to the titled person speaking, and keeps courtesy titles out of roles', () => {
    const d = ingestText(article('Prime Minister Ranil Wickremesinghe said he would stay. "I accept the result," the Premier said. Mr Johnson said he was "glad" about it. Martin Luther King Jr. was quoted.'));
    expect(d.claims.map((c) => c.claimant)).toEqual(['Ranil Wickremesinghe', 'Ranil Wickremesinghe', 'Johnson']);
    expect(d.claims[2]!.quote).toBeNull();
    expect(d.entities.find((e) => e.name === 'Johnson')?.role).toBeNull();
    expect(d.entities.find((e) => e.name === 'Martin Luther King Jr')?.kind).toBe('person');
  });
});

describe('ingest: subjects', () => {
  it('finds the subject past appositives and "led by" phrases, and does not invert "said the company was"', () => {
    const d = ingestText(article([
      'A team of prosecutors led by independent counsel Park Young-soo demanded a prison term.',
      'Cisco Chief Executive John Chambers spoke. Chambers, one of the longest-serving chief executives, said the company was caught off guard.',
      'An Israeli citizen, identified in court papers as Adar M., a student living in Germany, sued the airline. He also insisted the airline should accept him.',
    ].join(' ')));
    expect(d.claims.map((c) => c.claimant)).toEqual(['Team of prosecutors', 'John Chambers', 'Adar M.']);
    expect(d.entities.filter((e) => e.kind === 'person').map((e) => e.name)).toEqual(['Park Young-soo', 'John Chambers', 'Adar M.']);
  });
});

describe('ingest: events and the draft', () => {
  it('makes one event per dated sentence and date, with its actors and evidence', () => {
    const d = ingestText(article('Iran launched missiles in October and November, U.S. officials said. Defense Secretary Ash Carter met Filipino officials on Monday.'));
    expect(d.events.map((e) => [e.date, e.precision])).toEqual([['2023-10', 'month'], ['2023-11', 'month'], ['2024-05-06', 'day']]);
    expect(d.events[2]!.actors).toContain('Ash Carter');
    expect(d.events[2]!.evidence).toBe('Defense Secretary Ash Carter met Filipino officials on Monday.');
  });

  it('refuses text without sentences', () => {
    expect(() => ingestText('title: x\n\n---\n\n!!!\n')).toThrow(IngestError);
    expect(() => ingestText('12 34 56')).toThrow(/no sentences/);
  });

  it('makes short ids from titles', () => {
    expect(idFromTitle('Aid convoy enters besieged, starving Syrian town – Reuters', 'Reuters')).toBe('aid-convoy-enters-besieged-starving-syrian-town');
    expect(idFromTitle('Ünïcode: élan!')).toBe('unicode-elan');
  });
});

describe('ingest: robustness', () => {
  it('either drafts or refuses with an IngestError, whatever the text', async () => {
    const fc = await import('fast-check');
    const word = fc.constantFrom('said', 'Kerry', 'the', 'U.S.', '"', '“', '”', ',', '.', 'on', 'Monday', 'Jan.', '5', 'Minister', 'he', 'who', 'and', "'s", '\n\n', 'ISTANBUL', '(Reporting by', 'al-Assad', 'in', '2015', 'last', 'week', 'denied', 'accused', 'X', '-');
    fc.assert(
      fc.property(fc.array(word, { maxLength: 60 }), fc.option(fc.constantFrom('2016-01-13', '2020-02', 'unknown')), (words, published) => {
        const text = `${published ? `title: t\npublished: ${published}\n\n` : ''}${words.join(' ')}`;
        try {
          const d = ingestText(text);
          for (const c of d.claims) expect(c.text.length).toBeGreaterThan(0);
          // What ingest drafts, the loader accepts (renderBriefing throws otherwise).
          renderBriefing(d, parseArticle(text).body, '2024-01-01');
        } catch (err) {
          expect(err).toBeInstanceOf(IngestError);
        }
      }),
      { numRuns: 300 },
    );
  });
});
