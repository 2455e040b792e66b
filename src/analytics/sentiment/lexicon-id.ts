import type { LanguageRules } from './rules';

/**
 * Hand-built Indonesian valences on VADER's scale (about −4…4): standard words, everyday slang and
 * abbreviations of social media, and the vocabulary of complaints about services (telat, batal,
 * refund, gangguan, antre…). Affixed forms that are common in reviews are listed as they are,
 * since stripping Indonesian affixes by rule changes meaning too often.
 */
const WORDS: Record<string, number> = {
  // positive
  baik: 1.8, bagus: 2.2, bgs: 2, mantap: 2.7, mantab: 2.6, mantul: 2.6, mantep: 2.5, keren: 2.5,
  kren: 2.3, hebat: 2.6, luar_biasa: 3, enak: 2.3, enk: 2, lezat: 2.8, nikmat: 2.5, sedap: 2.3,
  gurih: 1.8, maknyus: 2.8, mak_nyus: 2.8, segar: 1.6, seger: 1.6, empuk: 1.5, renyah: 1.4, juara: 2.6,
  nyaman: 2.2, nyamana: 2, asri: 1.9, sejuk: 1.6, bersih: 1.8, rapi: 1.6, indah: 2.4, cantik: 2.3,
  tampan: 2, ganteng: 2, elegan: 1.9, mewah: 1.6, megah: 1.5, unik: 1.4, menarik: 1.9, lucu: 1.4,
  asyik: 2.1, asik: 2.1, seru: 2.1, menyenangkan: 2.5, senang: 2.3, seneng: 2.2, bahagia: 2.8,
  gembira: 2.6, puas: 2.4, memuaskan: 2.5, suka: 1.8, sukaa: 2, cinta: 2.6, sayang: 1.2, love: 2.6,
  ramah: 2.2, sopan: 1.8, sabar: 1.2, cepat: 1.3, cepet: 1.2, tepat: 1, tepat_waktu: 1.8, murah: 1.4,
  terjangkau: 1.6, hemat: 1.2, worth: 1.8, worthit: 2.2, rekomendasi: 1.9, rekomen: 1.9, recommended: 1.9,
  direkomendasikan: 1.9, favorit: 2, favorite: 2, terbaik: 2.9, top: 1.6, oke: 1.3, ok: 1.1, okay: 1.1,
  oks: 1, sip: 1.8, siip: 1.9, jos: 2.2, joss: 2.3, josss: 2.4, mantappp: 2.8, wow: 2, wah: 0.5,
  terima_kasih: 2, terimakasih: 2, makasih: 1.9, makasi: 1.8, trims: 1.7, thanks: 1.9, thx: 1.7,
  berhasil: 2, sukses: 2.5, lancar: 1.9, aman: 1.5, lengkap: 1.5, lengkapp: 1.6, luas: 1.2, lega: 1.5,
  strategis: 1.4, memadai: 1.2, berkualitas: 2, kualitas: 0.4, terpercaya: 2, amanah: 1.9, jujur: 1.9,
  adil: 1.8, pintar: 1.8, cerdas: 2, bijak: 1.8, tegas: 1.1, peduli: 1.7, membantu: 1.8, terbantu: 1.9,
  bermanfaat: 2, manfaat: 1.4, berguna: 1.7, mudah: 1.4, gampang: 1.2, praktis: 1.4, canggih: 1.8,
  istimewa: 2.4, spesial: 1.7, special: 1.7, sempurna: 2.8, unggul: 2, maju: 1.3,
  bangga: 2.3, semangat: 1.9, hangat: 1.2, damai: 1.9, tenang: 1.5, harmonis: 1.9, berkah: 2.1,
  alhamdulillah: 2, syukur: 2, bersyukur: 2.2, amin: 0.8, aamiin: 0.8, setuju: 1.2, dukung: 1.4,
  mendukung: 1.3, percaya: 1.1, menang: 2, kemenangan: 2, pas: 1.1, cocok: 1.6, betah: 2, kangen: 1.2,
  rindu: 1, ketagihan: 2.3, nagih: 2.1, melimpah: 1.5, banyak_pilihan: 1.5, variatif: 1.4,
  beragam: 1, terkenal: 0.8, populer: 1, ramai: 0.2, hits: 1, kekinian: 1.2, instagramable: 1.5,
  romantis: 2, cozy: 2, kece: 2.2, ciamik: 2.5, apik: 2, top_markotop: 2.8, wenak: 2.4,
  uenak: 2.6, maknyos: 2.6, gokil: 1.6, mantabb: 2.6, lumayan: 0.9, cukup: 0.3, selamat: 1.5,
  wajib: 1.2, tertata: 1.5, terawat: 1.6, higienis: 1.7, fresh: 1.6, bonus: 1.3, gratis: 1.3,
  diskon: 1.1, promo: 0.8, hadiah: 1.4, ajib: 2.2, mantaap: 2.6, ciee: 0.8, hore: 2.3, horee: 2.4,
  yeay: 2.3, yay: 2.3, asoy: 1.8, bagusss: 2.5, baguss: 2.4, sehat: 1.5, pulih: 1.3,

  // negative
  buruk: -2.5, jelek: -2.4, jelk: -2.2, jlek: -2.2, parah: -2.3, payah: -2.4, bodoh: -2.6, bego: -2.6,
  goblok: -3, tolol: -3, dungu: -2.8, bodo: -2.2, idiot: -2.8, gila: -1.5, sinting: -2.3, sampah: -2.8,
  brengsek: -3, bangsat: -3.2, anjing: -2.8, anjir: -1.3, anjay: -0.5, bajingan: -3.2, keparat: -3,
  kampret: -2.4, kampungan: -2.2, norak: -1.9, sialan: -2.8, sial: -2.2, kurang_ajar: -2.9, biadab: -3.2,
  kecewa: -2.5, mengecewakan: -2.7, kecewain: -2.5, kesal: -2.2, kesel: -2.2, marah: -2.4, benci: -2.8,
  muak: -2.7, jijik: -2.7, menjijikkan: -2.9, bosan: -1.7, bosen: -1.7, membosankan: -2, sedih: -2.2,
  susah: -1.6, sulit: -1.5, ribet: -1.9, repot: -1.4, rumit: -1.3, mahal: -1.4, kemahalan: -2,
  lambat: -1.9, lelet: -2.1, lemot: -2.1, lama: -0.8, kelamaan: -2, lamaa: -1.4, telat: -2, terlambat: -2,
  delay: -1.8, tertunda: -1.7, ditunda: -1.5, batal: -1.9, dibatalkan: -2, pembatalan: -1.9, gagal: -2.4,
  rusak: -2.4, cacat: -2.2, error: -1.8, eror: -1.8, gangguan: -2, terganggu: -1.9, mengganggu: -2,
  mati: -1.4, padam: -1.6, down: -1, hilang: -1.6, kehilangan: -1.8, dicuri: -2.3, penipu: -3,
  penipuan: -3, tipu: -2.8, menipu: -2.8, bohong: -2.5, pembohong: -2.9, hoax: -2.2, hoaks: -2.2,
  fitnah: -2.6, korupsi: -2.6, koruptor: -2.8, curang: -2.5, kecurangan: -2.5, licik: -2.4, munafik: -2.7,
  sombong: -2.2, angkuh: -2.2, kasar: -2.2, judes: -2.1, jutek: -2, galak: -1.8, cuek: -1.7,
  tidak_ramah: -2.2, lalai: -2, lelah: -1.3, capek: -1.4, kotor: -2.1, jorok: -2.3, bau: -1.8,
  apek: -1.8, basi: -2.2, hambar: -1.8, keasinan: -1.8, asin: -0.6, pahit: -1, alot: -1.6,
  gosong: -1.8, mentah: -1, sempit: -1.3, panas: -0.7, gerah: -1.5, pengap: -1.8,
  berisik: -1.7, bising: -1.7, macet: -1.8, banjir: -1.8, antre: -0.8, antri: -0.8, antrean: -0.8,
  antrian: -0.8, mengantre: -0.8, menunggu: -0.6, nunggu: -0.6, lama_menunggu: -2, refund: -1.2,
  komplain: -1.9, keluhan: -1.8, mengeluh: -1.7, protes: -1.6, kapok: -2.7, nyesel: -2.4, menyesal: -2.4,
  penyesalan: -2.3, rugi: -2.2, merugikan: -2.3, kerugian: -2, zonk: -2.3, ampas: -2.4, abal: -2.3,
  murahan: -2, palsu: -2.2, kw: -1.3, mengerikan: -2.5, menakutkan: -2.1, takut: -1.6, khawatir: -1.5,
  cemas: -1.6, panik: -1.7, bahaya: -1.9, berbahaya: -2, bencana: -2.6, musibah: -2.4, korban: -1.8,
  tewas: -2.8, meninggal: -2, luka: -1.7, terluka: -1.9, sakit: -1.8, penyakit: -1.6, miskin: -1.5,
  masalah: -1.7, bermasalah: -2, salah: -1.5, kesalahan: -1.7, keliru: -1.4, sesat: -2.3, hancur: -2.5,
  kacau: -2.3, berantakan: -2.1, amburadul: -2.4, parahh: -2.5, lebay: -1.5, alay: -1.5, garing: -1.6,
  datar: -1, biasa_saja: -0.6, membingungkan: -1.6, bingung: -1.1, ngaco: -2, ngawur: -2.1, aneh: -1.2,
  pelit: -1.8, menyebalkan: -2.4, nyebelin: -2.4, sebel: -2.1, sebal: -2.1,
  males: -1.3, malas: -1.3, ogah: -1.5, kasihan: -1.3, prihatin: -1.4, miris: -1.9, tragis: -2.3,
  menyedihkan: -2.3, memalukan: -2.5, malu: -1.3, aib: -2.1, hina: -2.4, menghina: -2.5, rasis: -2.7,
  provokator: -2.3, teroris: -2.6, radikal: -1.9, pecundang: -2.6, omong_kosong: -2.3, basa_basi: -1,
  lemah: -1.5, anjlok: -2, merosot: -1.8, turun: -0.5, krisis: -2.1, utang: -1.2,
  pungli: -2.4, mark_up: -1.5, sia: -0.5, percuma: -2, sia_sia: -2.2, ga_jelas: -1.9, gajelas: -1.9,
  wtf: -2.2, fail: -2.4, php: -1.8, tai: -2.6, taik: -2.6, asu: -2.8, jancok: -3,
  jancuk: -3, cok: -1.5, babi: -2.7, setan: -2.3, iblis: -2.4, celaka: -2.2, mampus: -2.3, hadeh: -1.5,
  hadeuh: -1.5, duh: -1, aduh: -1.1, ampun: -0.8, astaga: -1.2, astagfirullah: -1.4, astaghfirullah: -1.4,
  huft: -1.2, hufft: -1.3, haduh: -1.3,
};

/** Multi-word expressions; matched before single words and consume them. */
const PHRASES: Record<string, number> = {
  'luar biasa': 3, 'terima kasih': 2, 'tepat waktu': 1.8, 'kurang ajar': -2.9, 'biasa saja': -0.6,
  'biasa aja': -0.6, 'tidak ramah': -2.3, 'gak ramah': -2.3, 'tidak enak': -2.2, 'gak enak': -2.2,
  'tidak sesuai': -2, 'gak sesuai': -2, 'tidak jelas': -2, 'gak jelas': -2, 'ga jelas': -2,
  'nggak jelas': -2, 'tidak profesional': -2.3, 'omong kosong': -2.3, 'sia sia': -2.2, 'sia-sia': -2.2,
  'lama menunggu': -2, 'menunggu lama': -2, 'nunggu lama': -2, 'lama banget': -2, 'tidak direkomendasikan': -2.3,
  'tidak rekomendasi': -2.3, 'tidak recommended': -2.3, 'tidak akan kembali': -2.6, 'gak akan balik': -2.6,
  'tidak akan lagi': -2.5, 'ga lagi lagi': -2.6, 'gak lagi-lagi': -2.6, 'kapok deh': -2.8,
  'top markotop': 2.8, 'mak nyus': 2.8, 'banyak pilihan': 1.5, 'tidak mengecewakan': 2,
  'gak mengecewakan': 2, 'tidak menyesal': 2, 'gak nyesel': 2, 'tidak kecewa': 1.9, 'gak kecewa': 1.9,
  'tidak rugi': 1.8, 'gak rugi': 1.8, 'tidak masalah': 1, 'gak masalah': 1, 'customer service': -0.3,
  'pelayanan lambat': -2.3, 'pelayanan buruk': -2.8, 'tidak bisa': -0.6, 'gak bisa': -0.6, 'ga bisa': -0.6,
  'nggak bisa': -0.6, 'tidak ada': -0.3, 'ga ada': -0.3, 'gak ada': -0.3, 'apa adanya': 0,
  'naik turun': -0.6, 'hati-hati': -0.6, 'hati hati': -0.6, 'ga jadi': -1, 'tidak jadi': -1,
  'mau lagi': 1.8, 'pengen lagi': 1.9, 'ingin kembali': 1.9, 'akan kembali': 1.8, 'pasti kembali': 2.2,
  'balik lagi': 1.6, 'datang lagi': 1.6, 'beli lagi': 1.8, 'jangan lewatkan': 1.8, 'wajib coba': 2.1,
  'harus coba': 1.8, 'patut dicoba': 2, 'layak dicoba': 2, 'sangat membantu': 2.4,
};

const NEGATORS = [
  'tidak', 'tak', 'tdk', 'gak', 'ga', 'gk', 'nggak', 'ngga', 'nggk', 'engga', 'enggak', 'ndak', 'nda',
  'bukan', 'bkn', 'jangan', 'jgn', 'belum', 'blm', 'blom', 'tanpa', 'kagak', 'kaga', 'kurang', 'no', 'not',
  'never',
];

/** Words before the opinion word that strengthen or soften it. */
const BOOSTERS: Record<string, number> = {
  sangat: 0.35, sgt: 0.3, amat: 0.3, terlalu: 0.3, trlalu: 0.3, paling: 0.35, sungguh: 0.3,
  benar_benar: 0.3, 'benar-benar': 0.3, 'bener-bener': 0.3, bener: 0.2, super: 0.3, makin: 0.2,
  semakin: 0.2, lebih: 0.15, begitu: 0.2, sangatlah: 0.35, teramat: 0.35, very: 0.3,
  so: 0.3, really: 0.3, agak: -0.3, sedikit: -0.3, dikit: -0.3, cukup: -0.15, lumayan: -0.1,
  rada: -0.3,
};

/** Words after the opinion word that strengthen it: "enak banget", "bagus sekali", "jelek parah". */
const POST_BOOSTERS: Record<string, number> = {
  banget: 0.35, bgt: 0.35, bngt: 0.35, bangett: 0.4, sekali: 0.3, skali: 0.3, sekaliii: 0.4, amat: 0.3,
  parah: 0.3, pol: 0.3, poll: 0.35, abis: 0.3, sangat: 0.3, bener: 0.2, beneran: 0.2,
};

function build(): LanguageRules {
  const words = new Map<string, number>();
  for (const [w, v] of Object.entries(WORDS)) {
    if (v === 0) continue;
    // entries written with "_" are phrases of two words; they also match the hyphenated/joined spellings
    if (w.includes('_')) {
      words.set(w.replace(/_/g, '-'), v);
      words.set(w.replace(/_/g, ''), v);
    } else {
      words.set(w, v);
    }
  }
  const phrases = new Map<string, number>(Object.entries(PHRASES));
  for (const [w, v] of Object.entries(WORDS)) {
    if (w.includes('_') && v !== 0) phrases.set(w.replace(/_/g, ' '), v);
  }
  const clean = (o: Record<string, number>) =>
    new Map(Object.entries(o).map(([w, v]) => [w.replace(/_/g, '-'), v]));
  return {
    words,
    phrases,
    negators: new Set(NEGATORS),
    negatorSuffix: null,
    boosters: clean(BOOSTERS),
    postBoosters: clean(POST_BOOSTERS),
    contrast: new Set(['tapi', 'tetapi', 'tp', 'tpi', 'namun', 'but', 'sayangnya']),
    // informal writing glues these to the word: "enaknya", "mahalnya", "baguslah", "bagusss"
    suffixes: ['nya', 'lah', 'kah', 'pun', 'in'],
  };
}

export const INDONESIAN: LanguageRules = build();
