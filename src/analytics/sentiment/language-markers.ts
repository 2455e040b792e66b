/**
 * Language evidence from frequent words. Short posts rarely carry enough character n-grams for a
 * general detector, but nearly every English or Indonesian post has a few of these words. Words of
 * other Latin-script languages common in our crisis data (Spanish, Portuguese, Italian, French,
 * German, Dutch, Tagalog) are counted too, so that a Spanish "de" or an Italian "di" never passes
 * for English or Indonesian. Words that are frequent in two of these languages are left out.
 */
const ENGLISH = `the and you your my it this that of for with be have has had not just what why how will
can get got from they we our but if or all about do does did don't dont i'm im been would should
could there their out when who i to at an up now one more than like which these those some any
very really thanks thank please still after because into over again only being can't didn't
doesn't him her his she he them off by yet time today day love good great best bad worst people
know think see want need make going go way phone back first last right here where every never
always much many well even also too its it's i've i'll you're we're they're let us via buy
year week night tonight tomorrow yesterday morning work working update watch help service flight
customer hours wait waiting delayed cancelled lol omg awesome amazing happy sad hate fix why
are was were is isn't wasn't won't new free sell stock market big just got our ever`;

const INDONESIAN = `yang yg dan ini itu tidak tdk gak nggak enggak ngga saya sy aku kamu anda dengan dgn untuk utk
ke dari nya ada juga sudah udah sdh sangat banget bgt tapi tetapi karena krn kalau kalo jadi lagi
bisa akan mau aja saja sih dong deh kok atau oleh dalam buat sekali lebih masih belum jangan kita
kami mereka kenapa gimana bagaimana semua orang banyak baru hari gue gw pernah setelah sebelum
menjadi adalah sebagai tersebut bahwa namun tempat enak harga makanan bagus jelek kecewa pelayanan
sampai sampe terus tuh nih beli hanya cuma seperti kayak biar agar supaya bukan blm jgn kalian
dimana yaitu secara tentang tahun bulan warga rumah jalan kota pemerintah presiden partai rakyat
polisi kasus korban makan minum harus telah sedang lalu kemudian hingga bersama para pun serta
agak cukup rasa rasanya porsi suasana nyaman murah mahal ramah bersih kurang lumayan sama apa
siapa mengapa kapan berapa sini sana situ pada sehingga terima kasih makasih mantap`;

const OTHER = `el la los las que del por para con una es y muy pero como más está esta son hay sus su al lo
não nao um uma com os das dos você voce isso muito mais ao em da
il che di per non sono della un anche ma più piu nel alla gli le
les des et est pas une du au je vous nous sur avec dans qui pour ce cette c'est
der die das und ist nicht ein eine mit auf den dem ich sie zu von im
het een van ik niet zijn voor op dat
ang ng sa mga na ay nang lang po naman ko mo siya hindi`;

const EN = 0;
const ID = 1;
const OTHER_LANGUAGE = 2;

function build(): Map<string, number> {
  const map = new Map<string, number>();
  const add = (list: string, kind: number) => {
    for (const word of list.split(/\s+/)) if (word) map.set(word, kind);
  };
  // other languages last: a word on two lists ("para", "la") is no evidence for English or Indonesian
  add(ENGLISH, EN);
  add(INDONESIAN, ID);
  add(OTHER, OTHER_LANGUAGE);
  return map;
}

const MARKERS = build();

export interface MarkerCounts {
  en: number;
  id: number;
  other: number;
}

export function markerCounts(words: readonly string[]): MarkerCounts {
  const counts: MarkerCounts = { en: 0, id: 0, other: 0 };
  for (const word of words) {
    const kind = MARKERS.get(word);
    if (kind === EN) counts.en++;
    else if (kind === ID) counts.id++;
    else if (kind === OTHER_LANGUAGE) counts.other++;
  }
  return counts;
}

/** 'en' or 'id' when one side's words outnumber the other's and those of other languages, else null. */
export function englishOrIndonesian(words: readonly string[]): 'en' | 'id' | null {
  const { en, id, other } = markerCounts(words);
  if (en > id && en > other) return 'en';
  if (id > en && id > other) return 'id';
  return null;
}
