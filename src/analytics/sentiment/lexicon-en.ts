import { VADER_WORDS } from './vader-lexicon';
import type { LanguageRules } from './rules';

/**
 * VADER's general-purpose valences are tuned for everyday social text; brand and crisis traffic needs
 * three kinds of change: words that are brand or airline names or politeness formulas in complaints
 * ("united", "please help", "customer support") must not count as praise, and the vocabulary of
 * service failures (delays, cancellations, refunds, outages, lost bags) must count as negative.
 */
const OVERRIDES: Record<string, number> = {
  // names, function words and politeness that VADER scores but that carry no opinion here
  united: 0, delta: 0, virgin: 0, spirit: 0, frontier: 0, american: 0, southwest: 0, jetblue: 0,
  apple: 0, like: 0.6, please: 0, help: 0.3, support: 0.2, care: 0.4, pretty: 0.6, no: 0, free: 0.8,
  ok: 0.6, okay: 0.5, want: 0, hope: 0.8, kind: 0.6, well: 0.3, join: 0.3, share: 0.3, party: 0.8,
  top: 0.3, fan: 0.8, fine: 0.5, lol: 1.2, stop: -0.6, hard: -0.6, easy: 1.2, pray: 0.3, joke: -0.6,
  yes: 1, sure: 0.3, true: 0.4, god: 0, cool: 1.6, safe: 0.8, hell: -2.2, sorry: -0.6,
  'let': 0, matter: 0, play: 0.2, save: 0.8, fire: -0.8, shares: 0, stock: 0, crash: -1.7,

  // service failures, complaints and crises
  delay: -1.6, delays: -1.6, delayed: -1.9, delaying: -1.6, late: -1.2, later: 0, cancel: -1.2,
  cancels: -1.4, cancelled: -2, canceled: -2, cancelling: -1.5, canceling: -1.5, cancellation: -1.8,
  cancellations: -1.8, flightled: -2, refund: -1.2, refunds: -1.2, refunded: 0.4, reimburse: -0.6,
  reimbursement: -0.8, compensation: -0.8, compensate: -0.6, voucher: -0.3, outage: -2.2, outages: -2.2,
  downtime: -1.8, offline: -1, unavailable: -1.2, unreachable: -1.5, unresponsive: -2, inoperable: -1.8,
  stranded: -2.3, stuck: -1.8, waiting: -0.8, waited: -1.2, wait: -0.6, hold: -0.4, queue: -0.5,
  tarmac: -0.8, overbooked: -2, overbook: -1.8, overbooking: -1.8, bumped: -1.2, misconnect: -1.8,
  missed: -1.4, rebook: -0.6, rebooked: -0.8, rebooking: -0.8, diverted: -1.2, grounded: -1.2,
  lost: -1.6, losing: -1.3, missing: -1.3, misplaced: -1.5, damaged: -2, broke: -1.8, broken: -2.1,
  crashed: -1.9, crashes: -1.7, crashing: -1.8, bug: -1.1, bugs: -1.1, buggy: -1.9, glitch: -1.6,
  glitches: -1.6, glitchy: -1.8, freeze: -1.2, freezes: -1.6, freezing: -1.2, froze: -1.6, frozen: -1.2,
  lag: -1.2, laggy: -1.7, lags: -1.3, slow: -1.3, slower: -1.1, sluggish: -1.5, drains: -1.4,
  draining: -1.4, drained: -1.4, overheating: -1.8, overheats: -1.8, unusable: -2.4, unreliable: -2,
  defective: -2.2, faulty: -2, malfunction: -2, malfunctioning: -2, error: -1.4, errors: -1.4,
  issue: -1, issues: -1.1, problem: -1.7, problems: -1.7, trouble: -1.7, complaint: -1.8,
  complaints: -1.8, complain: -1.7, complaining: -1.6, complained: -1.7, unacceptable: -2.6,
  inexcusable: -2.6, ridiculous: -2.2, absurd: -1.9, incompetent: -2.5, incompetence: -2.6,
  unprofessional: -2.3, rude: -2.2, rudest: -2.8, ignored: -1.9, ignoring: -1.9, ignore: -1.4,
  overcharged: -2.2, overcharge: -2, overpriced: -1.8, ripoff: -2.5, scam: -2.6, scammed: -2.8,
  fraud: -2.8, hacked: -2.1, breach: -2, leak: -1.4, leaked: -1.2, recall: -1.5, recalled: -1.5,
  lawsuit: -1.8, sued: -1.5, boycott: -2.2, refuse: -1.4, refused: -1.8, refuses: -1.6, denied: -1.6,
  nightmare: -2.8, disaster: -3, mess: -2, chaos: -2.2, fiasco: -2.7, shambles: -2.7,
  tacky: -1.8, dirty: -1.9, filthy: -2.4, cramped: -1.6, smelly: -1.6, disgusting: -2.9, worst: -3.1,
  fail: -2.5,
  fails: -2.3, failed: -2.3, failure: -2.4, failing: -2.2, sucks: -2, sucked: -2, suck: -2,
  disappointed: -2.2, disappointing: -2.3, disappointment: -2.3, frustrating: -2.1, frustrated: -2.1,
  frustration: -2, annoying: -2, annoyed: -2, furious: -2.9, angry: -2.3, pissed: -2.6, fed: 0,
  hours: -0.4, hrs: -0.4, again: -0.2, still: -0.3, nobody: -0.6, anymore: -0.4, unhelpful: -2.1,
  useless: -2.2, pointless: -1.8, worthless: -2.5, terrible: -2.7, horrible: -2.6, awful: -2.6,
  pathetic: -2.6, lousy: -2.3, shitty: -2.6, crappy: -2.3, crap: -2.2, wtf: -2.2, smh: -1.5, ugh: -1.8,
  fml: -2.2, boo: -1.2, meh: -1, hate: -2.9, hated: -2.9, hates: -2.8, regret: -1.8, shame: -1.9,
  shameful: -2.4, evacuate: -1.2, evacuated: -1.4, evacuation: -1.2, injured: -2, injuries: -2,
  casualties: -2.4, dead: -2.6, killed: -2.9, victims: -1.6, explosion: -2.2, blast: -1.5, collapse: -2,
  collapsed: -2.2, flooding: -1.7, flooded: -1.8, wildfire: -1.7, derailment: -2.2, derailed: -2.2,
  contaminated: -2.2, toxic: -2.2, spill: -1.6, layoffs: -2, layoff: -2, bankrupt: -2.5, bankruptcy: -2.5,

  // praise that VADER misses or underrates in service talk
  thanks: 1.9, thx: 1.7, thanx: 1.7, ty: 1.3, thankful: 2.3, thank: 1.6, appreciate: 1.9,
  appreciated: 2, kudos: 2.2, helpful: 1.9, responsive: 1.4, courteous: 2, professional: 1.4,
  friendly: 2.2, smooth: 1.3, seamless: 1.8, quick: 0.8, quickly: 0.7, prompt: 1, promptly: 1.2,
  upgraded: 1.3, comfy: 1.7, comfortable: 1.6, legroom: 0.4, impressed: 2.2, impressive: 2.3,
  recommend: 1.6, recommended: 1.5, favorite: 2, favourite: 2, fave: 1.8, stellar: 2.7, superb: 2.9,
  flawless: 2.7, fixed: 1, resolved: 1.3, solved: 1.2, sweet: 1.8, yay: 2.3, woohoo: 2.4, woot: 2,
  excited: 2.2, exciting: 2.2, gorgeous: 2.8, beautiful: 2.9, brilliant: 2.8, rocks: 1.8,
  rock: 0.4, genius: 1.8, fantastic: 2.8, excellent: 3, outstanding: 3, perfect: 2.7, wonderful: 2.8,
  amazing: 2.8, awesome: 3.1, neveragain: -3, epicfail: -3,
};

/** Multi-word expressions, matched before single words; each replaces its words. */
const PHRASES: Record<string, number> = {
  'on hold': -1.9, 'never again': -3, 'never ever again': -3.2, 'lost luggage': -2.6, 'lost bag': -2.4,
  'lost bags': -2.4, 'lost baggage': -2.6, 'lost my bag': -2.6, 'lost my bags': -2.6,
  'lost my luggage': -2.8, 'customer service': -0.5, 'customer care': -0.4, 'customer support': -0.4,
  'no one': -1, 'no response': -2.1, 'no reply': -1.9, 'no answer': -1.6, 'no help': -2,
  'no refund': -2.3, 'no explanation': -2, 'no info': -1.4, 'no information': -1.4, 'no updates': -1.6,
  'no update': -1.5, 'still waiting': -2.2, 'still no': -1.7, 'still not': -1.6, 'yet again': -1.6,
  'once again': -0.8, 'not working': -2, "doesn't work": -2, 'does not work': -2, "didn't work": -1.9,
  "won't work": -1.9, "isn't working": -2, 'stopped working': -2.2, 'not happy': -2.1,
  'not impressed': -2, 'waste of time': -2.6, 'waste of money': -2.7, 'rip off': -2.6,
  'ripped off': -2.7, 'hung up': -2.1, 'hang up': -1.8, 'hidden fees': -2.2, 'missed connection': -2.2,
  'missed my flight': -2.2, 'missed my connection': -2.3, 'flight delayed': -2, 'flight cancelled': -2.3,
  'flight canceled': -2.3, 'cancelled flight': -2.2, 'canceled flight': -2.2, 'is down': -1.5,
  'are down': -1.4, 'went down': -1.3, 'still down': -2, 'goes down': -1.2, 'sold out': -0.6,
  'screwed up': -2.4, 'screw up': -2.2, 'messed up': -2.2, 'let down': -2.1, 'fed up': -2.4,
  'sick of': -2.3, 'tired of': -2, 'fell apart': -2.1, 'falls apart': -2, 'broke down': -2,
  'what a joke': -2.4, 'epic fail': -3, 'worst ever': -3.3, 'thank you': 2.1, 'thank u': 2,
  'thanks a lot': 1.6, 'on time': 1.3, 'well done': 2.1, 'shout out': 1.5, 'shoutout': 1.5,
  'great job': 2.8, 'good job': 2.5, 'nice job': 2.4, 'love you': 2.8, 'love u': 2.6,
  'best ever': 3, 'fixed it': 1.6, 'no problem': 1.2, 'no worries': 1.4, 'no issues': 1.3,
  'no complaints': 1.6, 'no delay': 1.2, 'no delays': 1.2, 'not bad': 1.3, 'kind of': 0, 'sort of': 0,
  'a lot': 0, 'the worst': -3.2, 'the best': 3, 'must have': 1.2, 'way to go': 2, 'over the moon': 2.8,
  'thanks for nothing': -2.6, 'thanks for the help': 2, 'never buying': -2, 'never buy': -1.8,
  'never flying': -2.4, 'never fly': -2.2, 'never using': -1.9, 'never use': -1.6, 'never recommend': -2.4,
  'where is my bag': -1.6, 'where are my bags': -1.6, 'where is my luggage': -1.7, "where's my bag": -1.6,
  'pray for': -0.6, 'prayers for': -0.4, 'thoughts and prayers': -0.6, 'rest in peace': -1.5,
};

const NEGATORS = [
  'not', 'no', 'never', 'cannot', 'nothing', 'nobody', 'none', 'nor', 'neither', 'without', 'nowhere',
  'hardly', 'barely', 'aint', 'dont', 'doesnt', 'didnt', 'isnt', 'wasnt', 'werent', 'arent', 'wont',
  'cant', 'couldnt', 'shouldnt', 'wouldnt', 'havent', 'hasnt', 'hadnt', 'mustnt', 'neednt', 'nope',
];

const BOOSTERS: Record<string, number> = {
  absolutely: 0.3, amazingly: 0.3, awfully: 0.3, completely: 0.3, considerably: 0.3, deeply: 0.3,
  effing: 0.3, enormously: 0.3, entirely: 0.3, especially: 0.3, exceptionally: 0.3, extremely: 0.35,
  fabulously: 0.3, freaking: 0.3, fricking: 0.3, frickin: 0.3, fucking: 0.35, greatly: 0.3, hella: 0.3,
  highly: 0.3, hugely: 0.3, incredibly: 0.35, insanely: 0.3, intensely: 0.3, majorly: 0.3, most: 0.3,
  particularly: 0.3, purely: 0.3, quite: 0.2, really: 0.3, remarkably: 0.3, so: 0.3, soo: 0.35,
  substantially: 0.3, super: 0.3, thoroughly: 0.3, too: 0.2, totally: 0.3, tremendously: 0.3, uber: 0.3,
  unbelievably: 0.3, unusually: 0.3, utterly: 0.35, very: 0.3, seriously: 0.3, truly: 0.3, way: 0.15,
  almost: -0.3, kinda: -0.3, kindof: -0.3, less: -0.3, little: -0.2, marginally: -0.3,
  occasionally: -0.3, partly: -0.3, scarcely: -0.3, slightly: -0.3, somewhat: -0.3, sorta: -0.3,
  sortof: -0.3, bit: -0.2,
};

function parseVader(): Map<string, number> {
  const map = new Map<string, number>();
  for (const pair of VADER_WORDS.split(',')) {
    const space = pair.indexOf(' ');
    map.set(pair.slice(0, space), Number(pair.slice(space + 1)));
  }
  return map;
}

function build(): LanguageRules {
  const words = parseVader();
  for (const [w, v] of Object.entries(OVERRIDES)) {
    words.set(w, v);
  }
  return {
    words,
    phrases: new Map(Object.entries(PHRASES)),
    negators: new Set(NEGATORS),
    negatorSuffix: "n't",
    boosters: new Map(Object.entries(BOOSTERS)),
    postBoosters: new Map(),
    contrast: new Set(['but', 'however']),
    suffixes: [],
  };
}

export const ENGLISH: LanguageRules = build();
