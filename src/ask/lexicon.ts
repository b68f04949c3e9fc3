/**
 * The small amount of English the answerer needs to know beyond the briefings: words that carry no
 * content in a question, words that are too general to decide anything, groups of words that news
 * text uses for the same thing, and the adjectives of country names (France → French).
 *
 * These are general-language lists, never names or sentences from a particular briefing: the
 * answerer is judged on briefings and questions it has never seen.
 */

/** Function words: never a concept, never a reason to answer or refuse. */
export const STOPWORDS = new Set(
  `a an the of to in on at for with by from about as into onto over under after before between against during
  through across within among upon via per than then so if or and but nor yet also too very just only
  is are was were be been being am do does did doing done have has had having
  can could would should will shall may might must ought
  what who whom whose which when where why how whether that this these those there here
  it its it's they them their theirs he him his she her hers we us our you your i me my mine
  any some each every either neither both all such same other another own
  not no yes up down out off again ever still even much many more most less least few
  one's someone something anything anyone everyone everything`.split(/\s+/).filter(Boolean),
);

/**
 * Words that say what kind of answer is wanted or how it was said, not what it is about. They count
 * a little when present and cost little when absent, so "What did Shoigu say?" still finds his claims.
 */
export const GENERIC = new Set(
  `say said tell told state stated statement remark comment mention mentioned express note claim claimed
  happen happened occur occurred take took make made get got give gave go went come came put
  report reported according article briefing story text news source thing things kind type sort name named
  mean means describe explain explained try tried want wanted know known think thought
  role job position title place
  exactly really actually happen happening happened`.split(/\s+/).filter(Boolean),
);

/**
 * Words news text uses interchangeably, grouped; each group becomes one concept (its first word).
 * Only groups whose words are used for the same thing in reporting: "died", "deadly" and "killed"
 * all speak of deaths, "talks" and "negotiations" of the same meetings.
 */
export const SYNONYM_GROUPS: string[][] = [
  ['say', 'claim', 'tell', 'assert', 'assertion', 'statement', 'remark', 'comment', 'mention', 'insist', 'argue'],
  ['death', 'die', 'dead', 'deadly', 'kill', 'killing', 'fatal', 'fatality', 'toll'],
  ['people', 'person', 'life', 'individual', 'inhabitant', 'resident', 'civilian', 'victim', 'casualty'],
  ['deny', 'denial', 'refute', 'dismiss'],
  ['accuse', 'accusation', 'allege', 'allegation', 'blame'],
  ['warn', 'warning', 'caution', 'threaten', 'threat'],
  ['condolence', 'sympathy', 'condole'],
  ['attack', 'assault', 'bombing', 'blast', 'explosion', 'explode', 'bomb', 'bomber', 'incident', 'strike'],
  ['talk', 'negotiation', 'negotiate', 'dialogue'],
  ['call', 'phone', 'telephone'],
  ['country', 'nation'],
  ['relation', 'relationship', 'tie'],
  ['troop', 'soldier', 'force', 'contingent', 'army'],
  ['send', 'deploy', 'deployment', 'dispatch'],
  ['responsible', 'responsibility', 'perpetrator', 'culprit', 'behind'],
  ['involve', 'involvement', 'connection', 'connect', 'link'],
  ['aid', 'assistance', 'relief', 'humanitarian'],
  ['starve', 'starvation', 'hunger', 'famine', 'malnutrition'],
  ['siege', 'besiege', 'blockade', 'encircle'],
  ['release', 'free', 'freed'],
  ['detain', 'detention', 'arrest', 'custody', 'capture', 'detainee'],
  ['law', 'legislation', 'bill', 'measure'],
  ['agree', 'agreement', 'deal', 'accord', 'pact', 'treaty'],
  ['begin', 'start', 'commence', 'launch'],
  ['wound', 'injure', 'injury', 'hurt', 'wounded', 'injured'],
  ['ask', 'request', 'appeal', 'urge'],
  ['born', 'birth'],
  ['meet', 'meeting'],
  ['ready', 'readiness', 'willing', 'willingness', 'prepared'],
  ['meaningless', 'pointless', 'futile', 'useless'],
  ['suspicion', 'suspect', 'suspicious'],
  ['minister', 'secretary'],
  ['defense', 'defence'],
  ['register', 'registration', 'record'],
  ['identify', 'identification', 'identity'],
  ['vow', 'pledge', 'promise'],
  ['target', 'targeted', 'aim'],
  ['collapse', 'fail', 'failure'],
];

/** Country → the adjective and people names that refer to it in text ("French", "Russians"). */
/** A lookup table where "constructor" or "__proto__" is no entry: user text is looked up in these. */
function withoutPrototype<T extends object>(table: T): T {
  return Object.assign(Object.create(null) as T, table);
}

export const DEMONYMS: Record<string, string[]> = withoutPrototype({
  afghanistan: ['Afghan', 'Afghans'],
  algeria: ['Algerian', 'Algerians'],
  argentina: ['Argentine', 'Argentinian'],
  armenia: ['Armenian', 'Armenians'],
  australia: ['Australian', 'Australians'],
  austria: ['Austrian', 'Austrians'],
  azerbaijan: ['Azerbaijani', 'Azeri'],
  belarus: ['Belarusian', 'Belarusians'],
  belgium: ['Belgian', 'Belgians'],
  brazil: ['Brazilian', 'Brazilians'],
  'united kingdom': ['British', 'Briton', 'Britons', 'UK'],
  britain: ['British', 'Briton', 'Britons'],
  canada: ['Canadian', 'Canadians'],
  china: ['Chinese'],
  egypt: ['Egyptian', 'Egyptians'],
  finland: ['Finnish', 'Finn', 'Finns'],
  france: ['French'],
  georgia: ['Georgian', 'Georgians'],
  germany: ['German', 'Germans'],
  greece: ['Greek', 'Greeks'],
  hungary: ['Hungarian', 'Hungarians'],
  india: ['Indian', 'Indians'],
  indonesia: ['Indonesian', 'Indonesians'],
  iran: ['Iranian', 'Iranians'],
  iraq: ['Iraqi', 'Iraqis'],
  ireland: ['Irish'],
  israel: ['Israeli', 'Israelis'],
  italy: ['Italian', 'Italians'],
  japan: ['Japanese'],
  jordan: ['Jordanian', 'Jordanians'],
  kazakhstan: ['Kazakh', 'Kazakhs'],
  lebanon: ['Lebanese'],
  libya: ['Libyan', 'Libyans'],
  mexico: ['Mexican', 'Mexicans'],
  netherlands: ['Dutch'],
  'north korea': ['North Korean', 'North Koreans'],
  'south korea': ['South Korean', 'South Koreans'],
  norway: ['Norwegian', 'Norwegians'],
  pakistan: ['Pakistani', 'Pakistanis'],
  palestine: ['Palestinian', 'Palestinians'],
  peru: ['Peruvian', 'Peruvians'],
  poland: ['Polish', 'Pole', 'Poles'],
  qatar: ['Qatari', 'Qataris'],
  romania: ['Romanian', 'Romanians'],
  russia: ['Russian', 'Russians'],
  'saudi arabia': ['Saudi', 'Saudis'],
  spain: ['Spanish', 'Spaniard', 'Spaniards'],
  sweden: ['Swedish', 'Swede', 'Swedes'],
  switzerland: ['Swiss'],
  syria: ['Syrian', 'Syrians'],
  turkey: ['Turkish', 'Turk', 'Turks'],
  ukraine: ['Ukrainian', 'Ukrainians'],
  'united states': ['American', 'Americans', 'U.S.', 'US'],
  venezuela: ['Venezuelan', 'Venezuelans'],
  yemen: ['Yemeni', 'Yemenis'],
});

/** Irregular plurals the lemmatiser may read as verbs ("claimed 145 lives"). */
export const SURFACE_LEMMAS: Record<string, string> = withoutPrototype({ lives: 'life', wives: 'wife', knives: 'knife', women: 'woman', men: 'man', children: 'child' });

/** Words before a number that belong to the answer ("more than 100", "at least 10"). */
export const NUMBER_QUALIFIERS = ['more than', 'less than', 'fewer than', 'at least', 'at most', 'nearly', 'almost', 'about', 'around', 'some', 'over', 'up to', 'roughly', 'approximately'];

export const NUMBER_WORDS: Record<string, number> = {
  one: 1, two: 2, three: 3, four: 4, five: 5, six: 6, seven: 7, eight: 8, nine: 9, ten: 10, eleven: 11, twelve: 12,
  thirteen: 13, fourteen: 14, fifteen: 15, sixteen: 16, seventeen: 17, eighteen: 18, nineteen: 19, twenty: 20,
  thirty: 30, forty: 40, fifty: 50, hundred: 100, hundreds: 100, thousand: 1000, thousands: 1000, dozen: 12, dozens: 24,
  million: 1e6, millions: 1e6,
};

/** Nouns that say which kind of entity a "which …"/"what …" question wants. */
export const KIND_NOUNS: Record<string, Array<'person' | 'organisation' | 'group' | 'country' | 'place'>> = withoutPrototype({
  person: ['person'], man: ['person'], woman: ['person'], official: ['person'], minister: ['person'], leader: ['person'],
  president: ['person'], envoy: ['person'], spokesman: ['person'], spokeswoman: ['person'], politician: ['person'],
  group: ['group', 'organisation'], organisation: ['organisation', 'group'], organization: ['organisation', 'group'],
  agency: ['organisation'], newspaper: ['organisation'], alliance: ['organisation', 'group'], party: ['organisation', 'group'],
  militia: ['group'], army: ['organisation', 'group'], body: ['organisation'], outlet: ['organisation'], channel: ['organisation'],
  country: ['country'], countries: ['country'], nation: ['country'],
  city: ['place'], town: ['place'], village: ['place'], villages: ['place'], place: ['place'], province: ['place'],
  region: ['place'], square: ['place'], area: ['place'], venue: ['place'],
});
