/**
 * Word lists for reading news English: titles, role nouns, speech verbs, organisation and place heads.
 * They describe the language of news writing in general; nothing here names a person or an article.
 */
import type { ClaimKind } from '../briefing/schema.ts';

const set = (words: string): Set<string> => new Set(words.trim().split(/\s+/));

/** Capitalised words that stand before a name as a title ("Interior Minister Efkan Ala"). */
export const TITLE_WORDS = set(`
  president vice prime minister secretary leader chancellor king queen prince princess crown sheikh emir sultan
  emperor pope cardinal bishop archbishop patriarch rabbi imam ayatollah mufti general gen lt lieutenant colonel col
  major maj captain capt admiral adm sergeant sgt brigadier marshal commander senator sen representative rep
  congressman congresswoman governor gov mayor judge justice speaker chairman chairwoman chair chief director
  ambassador envoy spokesman spokeswoman spokesperson mr mrs ms miss dr prof professor sir dame lord lady premier
  attorney commissioner inspector superintendent detective secretary-general president-elect
`);

/** Courtesy titles: they make a name a person's but are no role ("Mr Johnson"). */
export const HONORIFICS = set('mr mrs ms miss mme mlle messrs m sir dame lord lady');

/** Capitalised words that qualify a title but are not one ("Deputy Prime Minister", "Foreign Affairs"). */
export const TITLE_MODIFIERS = set(`
  deputy vice prime foreign defense defence interior finance economy economic justice health energy trade home
  state affairs security national senior acting former supreme grand chief executive general first republican
  democratic democrat labour labor conservative liberal opposition majority minority house senate army navy
  military armed forces intelligence federal regional provincial interim caretaker de facto
`);

/** Lower-case nouns for what a person is ("leader Kim Jong Un", "Ed Royce, chairman of ..."). */
export const ROLE_NOUNS = set(`
  leader minister president premier chancellor secretary envoy ambassador spokesman spokeswoman spokesperson
  official chief head director chairman chairwoman chair commander general counterpart adviser advisor aide deputy
  lawmaker legislator senator congressman congresswoman representative governor mayor judge prosecutor lawyer
  attorney analyst expert fellow professor researcher scientist economist activist campaigner correspondent
  reporter journalist editor columnist founder co-founder owner executive ceo staff officer colonel captain
  sergeant soldier candidate nominee member king queen prince emir sheikh cleric imam rabbi bishop pope coach
  manager negotiator diplomat inspector commissioner rapporteur coordinator militant rebel fighter mp speaker
  president-elect ayatollah strategist economist historian author writer student teacher doctor nurse witness
  resident survivor victim priest monk banker investor trader entrepreneur businessman businesswoman counsel
  wife husband son daughter brother sister father mother friend confidante confidant colleague rival successor
  predecessor widow widower nephew niece cousin uncle aunt girlfriend boyfriend fiancee fiance
  assistant secretary-general chief-executive physician surgeon player
`);

/** Heads of descriptions that can make a statement ("a U.N. source", "Iranian officials", "activists"). */
export const SPEAKER_HEADS = set(`
  official officials source sources activist activists leader leaders minister ministers spokesman spokeswoman
  spokesperson ministry agency agencies media report reports government council commission committee observatory
  group groups army military police newspaper television broadcaster analyst analysts expert experts diplomat
  diplomats witness witnesses resident residents sailor sailors soldier soldiers officer officers lawmaker
  lawmakers senator senators administration authorities authority office department party parties rebels rebel
  militants organisation organization organizations organisations campaigners campaigner monitor monitors
  prosecutor prosecutors court judge spokesmen people person envoy ambassador negotiator negotiators statement
  aide aides adviser advisers advisor advisors researchers researcher investigators investigator workers worker
  union delegation embassy consulate mission cabinet parliament presidency palace kremlin pentagon
  outlet outlets daily paper publication broadcaster channel network website station magazine wire service
  team panel board jury bloc camp side family families lawyers attorneys spokespeople tv radio
`);

/** Last words that make a capitalised name an organisation ("Syrian Observatory for Human Rights"). */
export const ORG_HEADS = set(`
  ministry council committee commission agency observatory department office party army forces force guard
  guards police court parliament assembly senate congress bank fund university college institute center centre
  foundation association union league federation organization organisation coalition alliance front movement
  brigade brigades corp corporation inc ltd company group television tv radio news times post journal crescent
  cross network service services authority administration government cabinet navy command reuters press
  consulate embassy mission delegation programme program board bureau tribunal house kremlin pentagon
`);

/** Lower-case nouns that, right before or after a name, say it names an organisation ("newspaper Haberturk"). */
export const ORG_NOUNS = set(`
  agency newspaper television broadcaster channel network party militia company firm bank ministry group
  organisation organization movement outlet daily weekly magazine website station radio tv union club
  giant maker manufacturer lender retailer insurer automaker carrier producer operator conglomerate
`);

/** Last words, or nouns next to a name, that make it a place ("Farsi Island", "Sultanahmet square"). */
export const PLACE_HEADS = set(`
  island islands square mosque church cathedral temple street avenue road province region district county
  city town village sea gulf river lake mountain mountains valley bay airport palace hall bridge peninsula strait
  desert hills heights camp prison border coast port harbour harbor base crossing market stadium park
  governorate oblast capital monastery shrine hotel hospital museum cemetery mall plaza tower building
`);

/** Lower-case nouns that, right before a name, say the name is not a person ("aircraft carrier Harry S Truman"). */
export const THING_NOUNS = set(`
  carrier ship vessel boat submarine destroyer frigate aircraft plane jet missile rocket operation hurricane storm
  typhoon cyclone film movie book album song brand product system programme program law act bill treaty resolution
`);

/** Words that mark a collective of people in an unnamed description ("opposition activists"). */
export const GROUP_HEADS = set(`
  group groups militants rebels fighters insurgents forces protesters demonstrators activists officials leaders
  residents people villagers refugees migrants troops soldiers sailors police agencies authorities media experts
  analysts diplomats lawmakers republicans democrats
`);

/** Particles inside personal names ("Staffan de Mistura", "Bashar al-Assad"). */
export const NAME_PARTICLES = set('de da di du del della der den van von la le el al bin ibn ben abu bint');

/** Abbreviations written as names, and the name they stand for. */
export const ABBREVIATIONS: Record<string, { name: string; kind: 'country' | 'organisation' }> = {
  'u.s.': { name: 'United States', kind: 'country' },
  us: { name: 'United States', kind: 'country' },
  usa: { name: 'United States', kind: 'country' },
  'u.s.a.': { name: 'United States', kind: 'country' },
  'u.k.': { name: 'United Kingdom', kind: 'country' },
  uk: { name: 'United Kingdom', kind: 'country' },
  'u.n.': { name: 'United Nations', kind: 'organisation' },
  un: { name: 'United Nations', kind: 'organisation' },
  'e.u.': { name: 'European Union', kind: 'organisation' },
  eu: { name: 'European Union', kind: 'organisation' },
};

/** All-caps words that are not organisations. */
export const NOT_ACRONYMS = set('est edt gmt utc cet pst pdt bst cst mst am pm ok tv i ii iii iv');

export const MONTH_NAMES = set('january february march april may june july august september october november december jan feb mar apr jun jul aug sep sept oct nov dec');
export const WEEKDAY_NAMES = set('monday tuesday wednesday thursday friday saturday sunday');

export const PRONOUNS: Record<string, 'male' | 'female' | 'thing' | 'plural'> = {
  he: 'male', she: 'female', it: 'thing', they: 'plural',
};

/** Verbs of saying and attributing, by lemma, with the kind of claim each makes. */
export const SPEECH_VERBS: Record<string, ClaimKind> = {
  say: 'assertion', tell: 'assertion', claim: 'assertion', state: 'assertion', add: 'assertion',
  note: 'assertion', announce: 'assertion', report: 'assertion', confirm: 'assertion', admit: 'assertion',
  acknowledge: 'assertion', insist: 'assertion', emphasise: 'assertion', emphasize: 'assertion', stress: 'assertion',
  argue: 'assertion', explain: 'assertion', mention: 'assertion', declare: 'assertion', assert: 'assertion',
  maintain: 'assertion', reiterate: 'assertion', repeat: 'assertion', describe: 'assertion', write: 'assertion',
  tweet: 'assertion', predict: 'assertion', estimate: 'assertion', believe: 'assertion', suggest: 'assertion',
  indicate: 'assertion', reveal: 'assertion', disclose: 'assertion', express: 'assertion', underline: 'assertion',
  signal: 'assertion', concede: 'assertion', agree: 'assertion', term: 'assertion', tout: 'assertion', credit: 'assertion',
  doubt: 'assertion', question: 'assertion', vow: 'offer', pledge: 'offer', promise: 'offer', offer: 'offer',
  deny: 'denial', reject: 'denial', dismiss: 'denial', refute: 'denial', dispute: 'denial',
  accuse: 'accusation', blame: 'accusation', charge: 'accusation', condemn: 'accusation', criticise: 'accusation',
  criticize: 'accusation', allege: 'accusation',
  warn: 'warning', caution: 'warning', threaten: 'warning',
  urge: 'proposal', propose: 'proposal', demand: 'proposal', appeal: 'proposal', ask: 'proposal', recommend: 'proposal',
  call: 'proposal', press: 'proposal', put: 'assertion', reply: 'assertion', respond: 'assertion',
  request: 'proposal', apologise: 'assertion', apologize: 'assertion', forecast: 'assertion',
};

/** Verbs that count as speech only with a particle or object pattern. */
export const SPEECH_NEEDS: Record<string, RegExp> = {
  call: /^(?:for|on)\b/i,
  press: /^\S+(?: \S+)? (?:on|for|to)\b/i,
  ask: /^(?:\S+(?: \S+)? (?:to|whether|if)\b|:)/i,
  appeal: /^(?:for|to)\b/i,
  term: /./,
  credit: /^\S+(?: \S+)? with\b/i,
  charge: /^that\b/i,
  express: /^(?:\S+(?:’s|'s)? |(?:a|an|the|his|her|their|its) (?:\S+ )?)?(?:readiness|concern|concerns|hope|regret|support|willingness|confidence|doubt|doubts|belief|view|views|opinion|position|anger|outrage|dismay|frustration|surprise|disappointment|satisfaction|sympathy|condolences|gratitude|optimism|scepticism|skepticism|opposition)\b/i,
  add: /^(?:that\b|,|:|\.|$|["“]|(?:he|she|it|they|we)\b)/i,
  respond: /^(?:that\b|,|:|["“]|by saying)/i,
  reply: /^(?:that\b|,|:|["“]|$)/i,
  question: /^whether\b/i,
  agree: /^(?:that)\b/i,
  state: /^(?:that\b|,|repeatedly|publicly|on\b)/i,
  signal: /^(?:that)\b/i,
  report: /^(?:that\b|,|\.|\d|(?:its|their|his|her|a|an)\s+(?:\S+\s+)?(?:earnings|profits?|loss(?:es)?|revenues?|sales|results|figures|growth|declines?|increases?|drops?|rises?|cases|deaths|injuries|casualties)\b|(?:on |late |early |last )?(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday|today|yesterday)\b|$)/i,
  write: /^(?:that\b|,|on\b|in\b|$)/i,
  describe: /./,
  believe: /^(?:that\b)/i,
  indicate: /./,
  repeat: /^(?:that\b|,|["“])/i,
  // "puts the toll at 10": a figure someone gives.
  put: /^(?:the |its |their )?(?:death |casualty )?(?:toll|number|figure|count|total|cost)\b/i,
  mention: /./,
  tout: /./,
};

/** Nouns of statement whose possessor is the speaker ("Shoigu's comment that ..."). */
export const STATEMENT_NOUNS: Record<string, ClaimKind> = {
  statement: 'assertion', comment: 'assertion', comments: 'assertion', remarks: 'assertion', remark: 'assertion',
  claim: 'assertion', claims: 'assertion', assertion: 'assertion', assessment: 'assertion', announcement: 'assertion',
  insistence: 'assertion', view: 'assertion', position: 'assertion', argument: 'assertion', belief: 'assertion',
  denial: 'denial', denials: 'denial', rejection: 'denial',
  accusation: 'accusation', accusations: 'accusation', allegation: 'accusation', allegations: 'accusation',
  warning: 'warning', warnings: 'warning', threat: 'warning',
  offer: 'offer', readiness: 'offer', pledge: 'offer', promise: 'offer',
  proposal: 'proposal', call: 'proposal', demand: 'proposal', appeal: 'proposal',
};

/** Nouns for an account whose possessor is the source ("the ministry's version of the call indicated ..."). */
export const ACCOUNT_NOUNS = set('version account statement report readout summary transcript');
