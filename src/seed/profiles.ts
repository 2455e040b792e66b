import { CrisisType, Platform, Severity } from '../entities/enums';

/** A crisis an organization of this kind plausibly faces, with the words people use about it. */
export interface Scenario {
  title: string;
  description: string;
  crisisType: CrisisType;
  severity: Severity;
  /** Incident keywords: the linking rule attaches unlabelled mentions containing one of them. */
  keywords: string[];
  /** CrisisLexT26 event types whose real posts fit this crisis (none: templates only). */
  crisisEvents: string[];
  /** Complaints and reports; {brand} {handle} {tag} {product} {city} {n} {ref} are filled in. */
  en: string[];
  id: string[];
}

export interface OrganizationProfile {
  name: string;
  timezone: string;
  /** Share of posts in Indonesian; the rest are English (plus whatever languages CrisisLex posts are in). */
  indonesianShare: number;
  ticker: string;
  ceo: string;
  products: string[];
  cities: string[];
  handles: Array<{ platform: Platform; handle: string; followers: number }>;
  keywords: string[];
  /** Relative share of all generated mentions. */
  weight: number;
  scenarios: Scenario[];
  /** Announcements from the organization's own accounts. */
  ownedPosts: { en: string[]; id: string[] };
}

const GENERIC_OUTAGE_EN = [
  '{handle} your {product} has been down for {n} hours. Is anyone working on this?',
  '{brand} outage again?? Can’t log in, can’t pay, nothing works #{tag}down',
  'Day 2 of the {brand} outage and still no update. Unacceptable.',
  'Is {brand} down for everyone in {city} or just me?',
  '{handle} on hold for {n} minutes, then the call dropped. Worst service ever',
  'Zero communication from {brand} about the outage. Customers deserve better #{tag}',
];
const GENERIC_OUTAGE_ID = [
  '{handle} {product} gangguan dari tadi pagi , sudah {n} jam tidak bisa dipakai',
  '{brand} error lagi ?? tidak bisa login sama sekali , tolong segera diperbaiki',
  'gangguan {brand} di {city} parah banget , tidak ada info apa-apa dari pihak {brand}',
  'admin {handle} tolong dong dibalas , sudah {n} kali komplain soal gangguan ini',
  'kecewa sama {brand} , gangguan terus tapi tidak ada kompensasi',
];

export const PROFILES: readonly OrganizationProfile[] = [
  {
    name: 'Nusantara Air',
    timezone: 'Asia/Jakarta',
    indonesianShare: 0.6,
    ticker: 'NUSA',
    ceo: 'Dewi Kartika',
    products: ['mobile app', 'NusaMiles card', 'booking site', 'check-in kiosk', 'inflight wifi'],
    cities: ['Jakarta', 'Surabaya', 'Denpasar', 'Medan', 'Makassar', 'Singapore'],
    handles: [
      { platform: Platform.TWITTER, handle: 'NusantaraAir', followers: 812_000 },
      { platform: Platform.FACEBOOK, handle: 'NusantaraAirOfficial', followers: 2_350_000 },
      { platform: Platform.INSTAGRAM, handle: 'nusantara.air', followers: 1_140_000 },
    ],
    keywords: ['nusantara air', '#nusantaraair', 'nusaair'],
    weight: 1.4,
    scenarios: [
      {
        title: 'Flight cancellations after check-in system outage',
        description: 'The departure control system failed nationwide; flights were delayed or cancelled for most of a day.',
        crisisType: CrisisType.ACCIDENTAL,
        severity: Severity.HIGH,
        keywords: ['cancel', 'delay', 'refund', 'batal', 'tunda', 'check-in'],
        crisisEvents: [],
        en: [
          '{handle} flight {ref} cancelled after 4 hours at the gate. No food, no hotel, no refund. Never again',
          'Check-in system down at {city} airport, queues everywhere. {brand} staff have no idea what is happening',
          'My {brand} flight got delayed {n} hours and now cancelled. How do I get a refund? {handle}',
          '{brand} cancelled my flight to {city} with zero notice. Missed my sister’s wedding. Thanks a lot',
          'Hundreds stranded at {city} as {brand} check-in outage drags on #{tag}',
          '{handle} still waiting for my refund for the cancelled flight. {n} days now',
        ],
        id: [
          '{handle} penerbangan {ref} dibatalkan , sudah {n} jam menunggu di bandara tanpa kejelasan',
          'check-in {brand} di {city} error , antrean panjang sekali , petugas juga bingung',
          'delay {n} jam terus batal , refund nya gimana ini {handle} ?',
          'kapok naik {brand} , pesawat ditunda terus tanpa kompensasi',
          'ribuan penumpang telantar di bandara {city} karena sistem check-in {brand} gangguan',
        ],
      },
      {
        title: 'Typhoon grounds flights across the region',
        description: 'A typhoon closed several airports; flights were suspended for safety and rebooked.',
        crisisType: CrisisType.VICTIM,
        severity: Severity.MEDIUM,
        keywords: ['typhoon', 'topan', 'cancel', 'batal', 'weather', 'cuaca'],
        crisisEvents: ['Typhoon', 'Floods'],
        en: [
          '{brand} flights to {city} cancelled because of the typhoon. Rebooking line is {n} minutes long',
          'Stuck in {city}, typhoon closed the airport. {handle} when is the next flight?',
          'Understand the weather is bad but {brand} needs to tell us something. Anything.',
        ],
        id: [
          'penerbangan {brand} ke {city} batal karena cuaca buruk , semoga cepat reda',
          '{handle} topan bikin semua jadwal kacau , info reschedule dong',
          'sudah {n} jam menunggu kabar dari {brand} soal penerbangan yang dibatalkan karena topan',
        ],
      },
      {
        title: 'Overbooked passenger removed on video',
        description: 'A video of a passenger being removed from an overbooked flight spread widely.',
        crisisType: CrisisType.PREVENTABLE,
        severity: Severity.CRITICAL,
        keywords: ['overbook', 'video', 'passenger', 'penumpang', 'viral'],
        crisisEvents: [],
        en: [
          'Just watched the {brand} overbooking video. Disgusting. Boycott {brand}',
          'How is it legal to drag a paying passenger off a plane? Shame on you {handle}',
          'That {brand} video is everywhere. CEO {ceo} needs to apologise today #boycott{tag}',
          'Never flying {brand} again after that overbooked passenger video',
        ],
        id: [
          'video penumpang diturunkan paksa oleh {brand} viral , sangat tidak manusiawi',
          '{handle} minta maaf secara terbuka dong soal penumpang yang diusir karena overbook',
          'boikot {brand} ! perlakuan ke penumpang sangat buruk',
        ],
      },
    ],
    ownedPosts: {
      en: [
        'New direct route {city} – {city2} starts next month. Book now on our {product}!',
        'Fly more, earn more: double NusaMiles on all weekend flights this month ✈️',
        'Our team at {city} wishes you a pleasant journey today.',
      ],
      id: [
        'Rute baru {city} – {city2} mulai bulan depan! Pesan sekarang lewat {product} kami ✈️',
        'Promo akhir pekan: poin NusaMiles dua kali lipat untuk semua penerbangan.',
        'Selamat pagi! Tim kami di {city} siap melayani perjalanan Anda hari ini.',
      ],
    },
  },
  {
    name: 'Northwind Rail',
    timezone: 'Europe/London',
    indonesianShare: 0.03,
    ticker: 'NWR',
    ceo: 'Alistair Grant',
    products: ['app', 'season ticket', 'website', 'ticket machines', 'Railcard'],
    cities: ['Leeds', 'York', 'Manchester', 'Newcastle', 'Sheffield', 'Hull'],
    handles: [
      { platform: Platform.TWITTER, handle: 'NorthwindRail', followers: 164_000 },
      { platform: Platform.FACEBOOK, handle: 'NorthwindRailUK', followers: 88_000 },
    ],
    keywords: ['northwind rail', '#northwindrail', 'northwind trains'],
    weight: 1,
    scenarios: [
      {
        title: 'Derailment near York',
        description: 'A passenger train derailed at low speed; the line was closed for inspection and repairs.',
        crisisType: CrisisType.ACCIDENTAL,
        severity: Severity.CRITICAL,
        keywords: ['derail', 'crash', 'york', 'line closed', 'train'],
        crisisEvents: ['Derailment'],
        en: [
          'Train derailed outside York, {brand} says no serious injuries so far. Thoughts with everyone on board',
          '{handle} are there replacement buses from {city}? Line closed after the derailment',
          'Second {brand} derailment in a year. Who is checking these tracks? #{tag}',
          'Stuck at {city} for {n} minutes, no information from {brand} about the crash',
        ],
        id: ['kereta {brand} anjlok dekat york , semoga semua penumpang selamat'],
      },
      {
        title: 'Timetable chaos after floods',
        description: 'Flooding closed several lines for days; services ran on an emergency timetable.',
        crisisType: CrisisType.VICTIM,
        severity: Severity.MEDIUM,
        keywords: ['flood', 'cancel', 'delay', 'replacement bus'],
        crisisEvents: ['Floods'],
        en: [
          '{brand} cancelled the 07:42 again, floods or not this is a joke',
          '{handle} will season ticket holders get a refund for the flood delays?',
          'Flood water on the line at {city}, {brand} trains running {n} minutes late',
          'Replacement bus from {city} took {n} minutes. Thanks {brand} #commute',
        ],
        id: ['banjir bikin jadwal kereta {brand} kacau , delay terus'],
      },
    ],
    ownedPosts: {
      en: [
        'Engineering works this weekend between {city} and {city2}: check your journey on our {product}.',
        'Save a third on off-peak fares with a Railcard. Details on our website.',
        'Good morning! All {brand} services are running to time.',
      ],
      id: ['Informasi perjalanan terbaru tersedia di {product} kami.'],
    },
  },
  {
    name: 'Kopi Senja',
    timezone: 'Asia/Jakarta',
    indonesianShare: 0.8,
    ticker: 'KOPI',
    ceo: 'Rizky Pratama',
    products: ['aplikasi', 'es kopi susu', 'member card', 'outlet', 'delivery'],
    cities: ['Jakarta', 'Bandung', 'Yogyakarta', 'Semarang', 'Bogor', 'Depok'],
    handles: [
      { platform: Platform.TWITTER, handle: 'kopisenja', followers: 230_000 },
      { platform: Platform.INSTAGRAM, handle: 'kopisenja.id', followers: 1_620_000 },
      { platform: Platform.TIKTOK, handle: 'kopisenja', followers: 940_000 },
    ],
    keywords: ['kopi senja', '#kopisenja', 'kopisenja'],
    weight: 0.9,
    scenarios: [
      {
        title: 'Customers fall ill after contaminated milk batch',
        description: 'A contaminated milk batch was served in several outlets; the product was recalled.',
        crisisType: CrisisType.PREVENTABLE,
        severity: Severity.HIGH,
        keywords: ['sakit', 'keracunan', 'recall', 'basi', 'sick', 'contamin'],
        crisisEvents: [],
        en: [
          'Got sick after drinking {brand} iced coffee yesterday. Anyone else? {handle}',
          '{brand} recall of contaminated milk: {n} people in {city} reported sick',
          'How does a chain like {brand} serve spoiled milk?? Not going back',
        ],
        id: [
          'habis minum es kopi susu {brand} langsung sakit perut , ada yang sama ?',
          '{handle} susu nya basi , {n} orang di kantor keracunan , tolong tanggung jawab',
          'ngeri banget berita keracunan {brand} di {city} , gak mau beli lagi',
          'recall susu {brand} kenapa baru sekarang ? sudah banyak yang sakit',
          'pelayanan {brand} mengecewakan , komplain keracunan malah tidak dibalas',
        ],
      },
      {
        title: 'Outlets closed as haze worsens',
        description: 'Outlets in several cities closed early because of hazardous air quality.',
        crisisType: CrisisType.VICTIM,
        severity: Severity.LOW,
        keywords: ['haze', 'asap', 'tutup', 'closed'],
        crisisEvents: ['Haze'],
        en: ['{brand} outlets in {city} closed early because of the haze, stay safe everyone'],
        id: [
          'outlet {brand} di {city} tutup karena asap tebal , pesanan delivery juga dibatalkan',
          'asap makin parah , {brand} tutup lebih awal hari ini',
          '{handle} kenapa pesanan saya dibatalkan sepihak ? asap bukan alasan',
        ],
      },
      {
        title: 'Baristas walk out over unpaid overtime',
        description: 'Staff at dozens of outlets stopped work over unpaid overtime; leaked messages spread online.',
        crisisType: CrisisType.PREVENTABLE,
        severity: Severity.MEDIUM,
        keywords: ['mogok', 'lembur', 'strike', 'overtime', 'barista'],
        crisisEvents: [],
        en: [
          '{brand} baristas on strike over unpaid overtime. Pay your staff {handle}',
          'Leaked chats show {brand} managers refusing overtime pay. Shameful',
          'Not buying {brand} until the baristas get paid #boycott{tag}',
        ],
        id: [
          'barista {brand} mogok kerja karena lembur tidak dibayar , kasihan banget',
          '{handle} bayar lembur karyawan nya dong , malu-maluin',
          'outlet {brand} di {city} tutup karena barista mogok , kecewa',
          'stop beli {brand} dulu sampai hak pekerja nya dipenuhi',
        ],
      },
    ],
    ownedPosts: {
      en: ['New menu alert: palm sugar cold brew is here ☕', 'Buy one get one every Friday at all {brand} outlets!'],
      id: [
        'Menu baru: es kopi gula aren sudah hadir di semua outlet ☕',
        'Promo Jumat: beli 1 gratis 1 khusus member {product}!',
        'Outlet baru kami di {city} buka hari ini, mampir ya!',
      ],
    },
  },
  {
    name: 'Helios Energy',
    timezone: 'America/Denver',
    indonesianShare: 0.02,
    ticker: 'HLE',
    ceo: 'Maria Delgado',
    products: ['billing portal', 'outage map', 'smart meter', 'app', 'customer line'],
    cities: ['Denver', 'Boulder', 'Colorado Springs', 'Fort Collins', 'Pueblo', 'Aurora'],
    handles: [
      { platform: Platform.TWITTER, handle: 'HeliosEnergy', followers: 96_000 },
      { platform: Platform.FACEBOOK, handle: 'HeliosEnergyCo', followers: 143_000 },
      { platform: Platform.LINKEDIN, handle: 'helios-energy', followers: 61_000 },
    ],
    keywords: ['helios energy', '#heliosenergy', 'helios power'],
    weight: 0.8,
    scenarios: [
      {
        title: 'Refinery explosion and fire',
        description: 'An explosion at a refinery unit caused a large fire; nearby residents sheltered in place.',
        crisisType: CrisisType.ACCIDENTAL,
        severity: Severity.CRITICAL,
        keywords: ['explosion', 'fire', 'refinery', 'blast', 'smoke'],
        crisisEvents: ['Explosion'],
        en: [
          'Huge explosion at the {brand} refinery, you can see the smoke from {city}',
          '{handle} what chemicals are in that smoke? Our kids are outside',
          'Another {brand} refinery fire. How many warnings did they ignore? #{tag}',
          'Shelter in place order near the {brand} plant after the blast',
        ],
        id: ['ledakan di kilang {brand} , asap terlihat dari jauh'],
      },
      {
        title: 'Wildfire power shutoffs',
        description: 'Power was shut off to high-risk areas during a wildfire; thousands were without electricity.',
        crisisType: CrisisType.VICTIM,
        severity: Severity.HIGH,
        keywords: ['wildfire', 'shutoff', 'power', 'outage', 'fire'],
        crisisEvents: ['Wildfire'],
        en: [
          'Day {n} without power because of the {brand} wildfire shutoff. Fridge is empty',
          '{handle} the outage map says restored but we still have no power in {city}',
          'I get the wildfire risk but {brand} gave us two hours notice. Not okay',
        ],
        id: ['listrik padam karena kebakaran hutan , {brand} tolong info kapan menyala'],
      },
      {
        title: 'Billing error overcharges customers',
        description: 'A billing system change charged some customers twice.',
        crisisType: CrisisType.PREVENTABLE,
        severity: Severity.MEDIUM,
        keywords: ['bill', 'charged', 'overcharg', 'refund', 'twice'],
        crisisEvents: [],
        en: [
          '{brand} charged me twice this month, ${n}0 gone from my account {handle}',
          'My {brand} bill tripled overnight. Billing error or robbery?',
          '{handle} on hold for {n} minutes about the double charge. Refund me',
        ],
        id: ['tagihan {brand} dobel bulan ini , tolong refund'],
      },
    ],
    ownedPosts: {
      en: [
        'Tips for staying cool and saving energy this week: see our {product}.',
        'Our crews are upgrading lines in {city} this weekend to keep your power reliable.',
        'Check real-time outages on our {product}.',
      ],
      id: ['Informasi gangguan terbaru ada di {product} kami.'],
    },
  },
  {
    name: 'Lumbung Bank',
    timezone: 'Asia/Makassar',
    indonesianShare: 0.85,
    ticker: 'LMBG',
    ceo: 'Hendra Wijaya',
    products: ['mobile banking', 'ATM', 'kartu debit', 'internet banking', 'call center'],
    cities: ['Makassar', 'Jakarta', 'Surabaya', 'Manado', 'Balikpapan', 'Denpasar'],
    handles: [
      { platform: Platform.TWITTER, handle: 'LumbungBank', followers: 410_000 },
      { platform: Platform.FACEBOOK, handle: 'LumbungBankID', followers: 960_000 },
    ],
    keywords: ['lumbung bank', '#lumbungbank', 'bank lumbung'],
    weight: 1.1,
    scenarios: [
      {
        title: 'Mobile banking outage on payday',
        description: 'Mobile and internet banking were unavailable for most of payday.',
        crisisType: CrisisType.ACCIDENTAL,
        severity: Severity.HIGH,
        keywords: ['error', 'gangguan', 'outage', 'down', 'saldo'],
        crisisEvents: [],
        en: GENERIC_OUTAGE_EN,
        id: [
          ...GENERIC_OUTAGE_ID,
          '{handle} saldo terpotong tapi transfer gagal , uang saya ke mana ?',
          'pas gajian malah mobile banking {brand} error , parah',
        ],
      },
      {
        title: 'Customer data leak',
        description: 'Customer records were offered for sale online; the bank confirmed a breach.',
        crisisType: CrisisType.PREVENTABLE,
        severity: Severity.CRITICAL,
        keywords: ['bocor', 'leak', 'breach', 'data', 'hack'],
        crisisEvents: [],
        en: [
          'Millions of {brand} customer records for sale online. Data breach confirmed',
          '{handle} was my data part of the leak? Nobody answers the call center',
          'Moving my money out of {brand} after this breach',
        ],
        id: [
          'data nasabah {brand} bocor , dijual di forum online , ngeri',
          '{handle} apakah data saya ikut bocor ? call center tidak bisa dihubungi',
          'kecewa berat , data pribadi nasabah {brand} bocor karena hack',
          'tutup rekening saja lah , {brand} tidak bisa jaga data nasabah',
        ],
      },
    ],
    ownedPosts: {
      en: ['Bank anywhere, anytime with {brand} {product}.'],
      id: [
        'Nikmati cashback 10% untuk transaksi QRIS dengan {product} {brand}.',
        'Waspada penipuan! {brand} tidak pernah meminta PIN atau OTP Anda.',
        'Kantor cabang baru kami di {city} sudah buka.',
      ],
    },
  },
  {
    name: 'Orbit Mobile',
    timezone: 'Asia/Kolkata',
    indonesianShare: 0.05,
    ticker: 'ORBT',
    ceo: 'Priya Raman',
    products: ['app', 'prepaid plan', '5G network', 'fibre broadband', 'customer care'],
    cities: ['Mumbai', 'Pune', 'Bengaluru', 'Chennai', 'Delhi', 'Hyderabad'],
    handles: [{ platform: Platform.TWITTER, handle: 'OrbitMobile', followers: 1_250_000 }],
    keywords: ['orbit mobile', '#orbitmobile', 'orbit 5g'],
    weight: 1.2,
    scenarios: [
      {
        title: 'Network outage after earthquake',
        description: 'An earthquake damaged towers and a switching centre; service was down in several regions.',
        crisisType: CrisisType.VICTIM,
        severity: Severity.HIGH,
        keywords: ['earthquake', 'network', 'signal', 'outage', 'down'],
        crisisEvents: ['Earthquake'],
        en: [
          'No {brand} signal since the earthquake. Can’t reach family in {city}',
          '{handle} network down in {city} for {n} hours, please restore urgently',
          'Other networks are back, {brand} is still down after the quake',
        ],
        id: ['sinyal {brand} hilang sejak gempa'],
      },
      {
        title: 'Hidden fees in prepaid plans',
        description: 'Customers found undisclosed charges in prepaid plans; the regulator asked for an explanation.',
        crisisType: CrisisType.PREVENTABLE,
        severity: Severity.MEDIUM,
        keywords: ['hidden', 'fee', 'charge', 'scam', 'refund'],
        crisisEvents: [],
        en: [
          '{brand} hidden fees on the prepaid plan, {n} rupees a month for nothing',
          '{handle} why was I charged for a service I never activated? Refund please',
          'Regulator asks {brand} to explain hidden charges. About time #{tag}',
        ],
        id: ['biaya tersembunyi {brand} , pulsa berkurang terus'],
      },
    ],
    ownedPosts: {
      en: ['{brand} 5G is now live in {city}!', 'Recharge with our {product} and get 2GB extra data this week.'],
      id: ['{brand} 5G sekarang hadir di {city}!'],
    },
  },
];

/** Names for organizations beyond the catalog (--orgs larger than it), combined deterministically. */
export const EXTRA_NAME_PARTS = {
  first: ['Aurora', 'Bintang', 'Cendana', 'Delta', 'Equator', 'Samudra', 'Pelita', 'Meridian', 'Harbor', 'Garuda'],
  second: ['Logistics', 'Insurance', 'Telecom', 'Foods', 'Retail', 'Mining', 'Hotels', 'Pharma', 'Motors', 'Media'],
};

/** Sympathetic or matter-of-fact replies from the organization's own accounts during an incident. */
export const RESPONSES = {
  en: [
    '{user} We’re very sorry about this. Our team is working on it right now – please DM us your reference and we’ll help. ^{initials}',
    '{user} Apologies for the disruption. We’ll share an update within the hour. ^{initials}',
    '{user} Thanks for flagging this. We’ve passed it to the team and will follow up by DM. ^{initials}',
    '{user} We understand your frustration and we’re sorry. Please send us a DM so we can look into your case. ^{initials}',
  ],
  id: [
    '{user} Mohon maaf atas ketidaknyamanannya, Kak. Tim kami sedang menangani hal ini, silakan DM nomor referensi ya. ^{initials}',
    '{user} Terima kasih infonya, Kak. Sudah kami teruskan ke tim terkait dan akan kami kabari melalui DM. ^{initials}',
    '{user} Kami mohon maaf, Kak. Update terbaru akan kami sampaikan secepatnya. ^{initials}',
  ],
};

/** Statements from the organization's accounts about the incident. */
export const STATEMENTS = {
  en: [
    'Update on "{title}": our teams are working around the clock. We will post updates here every two hours.',
    'We apologise to everyone affected by {title_lower}. Refunds and support: see our website.',
    'Statement from our CEO {ceo} on {title_lower}: we are sorry, and we will make this right.',
  ],
  id: [
    'Informasi terkini: tim kami bekerja 24 jam untuk menangani gangguan ini. Update berikutnya dalam dua jam.',
    'Kami memohon maaf kepada seluruh pelanggan yang terdampak. Informasi kompensasi tersedia di situs resmi kami.',
  ],
};

/** After an incident is resolved: relief, thanks and grudging praise. */
export const RECOVERY = {
  en: [
    'Finally sorted, thanks {handle} for the refund. Took a while but appreciated',
    'Credit where due: {brand} handled the aftermath well. Happy with the compensation',
    'Everything back to normal with {brand} today, great job to the team :)',
    'Got my refund from {brand} today. Thank you for fixing it',
  ],
  id: [
    'akhirnya beres juga , terima kasih {brand} sudah cepat tanggap',
    'refund dari {brand} sudah masuk , mantap , terima kasih',
    'layanan {brand} sudah normal lagi , semangat terus tim nya',
  ],
};

/** Headlines for NEWS mentions; {brand} {city} {ceo} {title_lower} are filled in. */
export const HEADLINES = {
  en: {
    baseline: [
      '{brand} reports steady quarterly growth',
      '{brand} CEO {ceo} outlines expansion plans for {city}',
      '{brand} named among top employers in the region',
      'Analysts split on {brand} outlook ahead of results',
    ],
    incident: [
      '{brand} faces backlash over {title_lower}',
      '{title}: what we know so far',
      'Regulator to review {brand} after {title_lower}',
      '{brand} shares fall as {title_lower} continues',
      '{brand} apologises for {title_lower}',
    ],
  },
  id: {
    baseline: [
      '{brand} catat pertumbuhan kinerja kuartal ini',
      '{brand} perluas layanan ke {city}',
      'CEO {brand} {ceo} paparkan strategi tahun depan',
    ],
    incident: [
      '{brand} tuai kritik terkait insiden terbaru',
      'Pelanggan {brand} keluhkan gangguan di {city}',
      '{brand} minta maaf kepada pelanggan terdampak',
      'Regulator panggil {brand} terkait insiden',
    ],
  },
};

/** Publications that write NEWS mentions: few accounts, large audiences. */
export const OUTLETS: ReadonlyArray<{ handle: string; name: string; followers: number; lang: 'en' | 'id' }> = [
  { handle: 'metrodaily', name: 'Metro Daily', followers: 4_800_000, lang: 'en' },
  { handle: 'globalwire', name: 'Global Wire', followers: 12_500_000, lang: 'en' },
  { handle: 'thebusinesspost', name: 'The Business Post', followers: 2_100_000, lang: 'en' },
  { handle: 'northernecho-news', name: 'Northern Echo News', followers: 380_000, lang: 'en' },
  { handle: 'frontrangeherald', name: 'Front Range Herald', followers: 260_000, lang: 'en' },
  { handle: 'travelindustrytoday', name: 'Travel Industry Today', followers: 95_000, lang: 'en' },
  { handle: 'harian-nusantara', name: 'Harian Nusantara', followers: 6_300_000, lang: 'id' },
  { handle: 'kabar-ekonomi', name: 'Kabar Ekonomi', followers: 1_700_000, lang: 'id' },
  { handle: 'warta-kota-online', name: 'Warta Kota Online', followers: 850_000, lang: 'id' },
  { handle: 'teknologi-hari-ini', name: 'Teknologi Hari Ini', followers: 410_000, lang: 'id' },
];
