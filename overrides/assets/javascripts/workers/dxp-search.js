/*
 * The playbook's search engine, run as the search worker of Material for MkDocs.
 *
 * Material's search dialog talks to a worker through four messages: SETUP (the index) → READY,
 * QUERY (what the reader typed) → RESULT (pages, each with its matching sections). This worker
 * keeps that protocol, so Material's dialog, keyboard handling and result rendering work
 * unchanged, and replaces Lunr and TinySegmenter, which miss most of what officials type in
 * Japanese. tests/test_search_material.py fails if Material's side of the protocol changes.
 *
 * - Language: the build writes one copy of this file per language (dxp-search.<lang>.js), each
 *   starting with `self.__dxpSearch = {lang, prefixes, ...}` and `self.__dxpIndex = [...]`, the
 *   documents of that language's pages (search_worker.py), so a reader downloads only their
 *   language's index and never gets pages of the other language.
 * - Japanese (and any non-Latin text): NFKC + lower case, long-vowel marks and middle dots
 *   ignored, then substring matching. The query is split at spaces, punctuation and particles,
 *   each piece is cut greedily into the longest strings that occur in the site, trailing
 *   okurigana and inflections are optional, and a missing form falls back to its stem
 *   (取り残さない → 取り残さ → 取り残) and long compounds to their two halves (デジタル変革 →
 *   デジタル + 変革), each at a lower weight.
 * - English: words are stemmed (the Porter algorithm, British -ise spellings folded to -ize),
 *   stop words dropped, and the word being typed matches as a prefix.
 * - Ranking: BM25-like weights per section, titles first; pages are ordered by their best
 *   section plus a share of the others; pages holding every term come before partial matches.
 * - Output: titles and texts are escaped here; the only markup added is <mark> and <p>.
 *
 * - Romaji typed without conversion (Japanese worker): wanakana, which the build puts before
 *   this script in dxp-search.ja.js, writes it in kana, and the kana are read as above.
 *
 * It is one classic script (with wanakana before it in the Japanese worker): on file:// it runs
 * in an iframe through the iframe-worker shim, where importScripts is asynchronous.
 */
(function (scope) {
  "use strict";

  /* Material's message types (integrations/search/worker/message/index.ts). */
  var SETUP = 0;
  var READY = 1;
  var QUERY = 2;
  var RESULT = 3;

  /*
   * One engine per language: the reader's, and the other language's when a query asks for it
   * (see crossLanguage). `settings` and `embedded` are what the build wrote at the top of the
   * worker (self.__dxpSearch, self.__dxpIndex); `host` loads the other languages' workers.
   */
  function createEngine(settings, embedded, host) {
    /* Ranking constants. */
    var TITLE_WEIGHT = 3; /* a match in a section's title, against one in its text */
    var PAGE_TITLE_WEIGHT = 6; /* a match in the page's own title (aggregate pages such as the
                                  checklist repeat principle titles as section titles) */
    var KEYWORD_WEIGHT = 1; /* a match in the page's keywords (its front matter's words for the
                               search): above its text, below a title that holds the word */
    var K1 = 1.2; /* BM25 term-frequency saturation */
    var B = 0.75; /* BM25 length normalisation */
    var OTHER_SECTIONS = 0.3; /* share of a page's other matching sections in its score, at most
                                 this share of its best section's */
    var OPTIONAL_WEIGHT = 0.2; /* okurigana and particles left over in a query */
    var STEM_DECAY = 0.85; /* per character stripped from a Japanese form */
    var SPLIT_WEIGHT = 0.4; /* both halves of a compound present, but not side by side */
    var PREFIX_WEIGHT = 0.9; /* the word being typed, completed */
    var TYPO_WEIGHT = 0.7; /* a word one edit from one the site lacks (dashbaord → dashboard) */
    var TYPO_LENGTH = 5; /* letters a word needs before it is corrected */
    var ECHO_WEIGHT = 0.5; /* a section titled after another page (the checklist and role pages
                             repeat each principle): the page itself should come first */
    var HIGHLIGHTED_PAGES = 30; /* pages beyond these are listed by title only (speed) */
    var CROSS_PAGES = 10; /* pages taken from the other language's results */
    var CROSS_LETTERS = 3; /* letters of another language's script before it is searched */
    var QUOTED_PAGES = 3; /* fewer pages than this holding a foreign query merely quote it */
    var SNIPPET_BEFORE = 30; /* characters of context kept before the first match */
    var SNIPPET_LENGTH = 200; /* characters per snippet */

    settings = settings || { lang: null, prefixes: {} };
    var index = null;
    var cache = new Map(); /* substring → occurrences, shared by successive queries */
    var CACHE_SIZE = 400;
    var MAX_TERMS = 16;
    var MAX_QUERY = 64; /* characters */

    /* ---------------------------------------------------------------------------------------
     * Text normalisation
     * ------------------------------------------------------------------------------------- */

    /* Ignored when matching: long-vowel marks (ユーザー = ユーザ), middle dots, zero widths. */
    var IGNORED = /[\u30fc\u30fb\u200b-\u200d\u2060\ufeff]/g;

    function fold(text) {
      return text.normalize("NFKC").toLowerCase().replace(IGNORED, "");
    }

    /* Word engines only (not Japanese): a hyphen or slash between two letters separates words
       as a space does, so the phrase "e government" is held in "e-government". One character
       for one: the offsets into the folded text stay those of fold(). */
    var JOINER = /(\p{Script=Latin})[-\u2010\u2011\/](?=\p{Script=Latin})/gu;

    function loosen(folded) {
      return settings.lang === "ja" ? folded : folded.replace(JOINER, "$1 ");
    }

    function isIgnored(code) {
      return code === 0x30fc || code === 0x30fb || (code >= 0x200b && code <= 0x200d) ||
        code === 0x2060 || code === 0xfeff;
    }

    /* fold(), with the position in `text` of each folded character. */
    function foldWithMap(text) {
      var out = "";
      var map = [];
      var normalized = text.normalize("NFKC").toLowerCase();
      if (normalized.length === text.length) {
        /* The usual case: one character for one (full-width letters, katakana, lower case). */
        var start = 0;
        for (var j = 0; j < normalized.length; j++) {
          if (!isIgnored(normalized.charCodeAt(j))) {
            map.push(j);
            continue;
          }
          out += normalized.slice(start, j);
          start = j + 1;
        }
        out += normalized.slice(start);
        map.push(text.length);
        return { text: out, map: map };
      }
      for (var i = 0; i < text.length; ) {
        var code = text.charCodeAt(i);
        var width = code >= 0xd800 && code <= 0xdbff && i + 1 < text.length ? 2 : 1;
        var char = text.substr(i, width);
        var folded;
        if (code < 0x80) folded = code >= 65 && code <= 90 ? char.toLowerCase() : char;
        else folded = char.normalize("NFKC").toLowerCase().replace(IGNORED, "");
        for (var k = 0; k < folded.length; k++) map.push(i);
        out += folded;
        i += width;
      }
      map.push(text.length);
      return { text: out, map: map };
    }

    var ENTITIES = {
      "&amp;": "&", "&lt;": "<", "&gt;": ">", "&quot;": '"', "&#39;": "'", "&#x27;": "'"
    };

    function unescapeHtml(text) {
      return text.replace(/&(?:amp|lt|gt|quot|#39|#x27);/g, function (entity) {
        return ENTITIES[entity];
      });
    }

    var ESCAPES = { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" };

    function escapeHtml(text) {
      return text.replace(/[&<>"']/g, function (char) {
        return ESCAPES[char];
      });
    }

    /*
     * Material's index holds escaped text with a few bare tags (<p>, <li>, <code>, ...). Inline
     * tags join their neighbours; block tags separate blocks (paragraphs, list items).
     */
    var INLINE_TAG = /<\/?(?:code|sub|sup|mark|em|strong|b|i|span|abbr)>/gi;

    function plainBlocks(html) {
      return String(html || "")
        .replace(INLINE_TAG, "")
        .split(/<[^>]*>/)
        .map(function (block) {
          return unescapeHtml(block).replace(/\s+/g, " ").trim();
        })
        .filter(function (block) {
          return block.length > 0;
        });
    }

    /* ---------------------------------------------------------------------------------------
     * Scripts and Japanese query pieces
     * ------------------------------------------------------------------------------------- */

    var HIRAGANA = /^[\u3041-\u309f]$/;
    var LATIN_OR_DIGIT = /[\p{Script=Latin}\p{N}]/u;
    var WORD = /[\p{Script=Latin}\p{N}]+(?:['\u2019][\p{Script=Latin}\p{N}]+)*/gu;
    var NON_LATIN = /[^\p{Script=Latin}\p{N}'\u2019]/u;

    function isHiragana(char) {
      return HIRAGANA.test(char);
    }

    function allHiragana(chars) {
      return chars.every(isHiragana);
    }

    /* Particles that separate the words of a short phrase (研修の計画, 住民と職員). */
    var PARTICLE_CHARS = new Set(["の", "は", "が", "を", "に", "で", "と", "へ", "も", "や"]);
    var PARTICLES = new Set([
      "の", "は", "が", "を", "に", "で", "と", "へ", "も", "や", "か", "から", "まで", "より",
      "など", "とは", "では", "には", "でも", "での", "への", "との", "からの", "までの",
      "について", "として", "による", "により", "における", "に関する", "のため", "ための"
    ]);

    /* Pieces of a folded query: split at anything but letters and digits, then at particles. */
    function japanesePieces(folded) {
      var pieces = [];
      folded.split(/[^\p{L}\p{N}\p{M}]+/u).forEach(function (part) {
        if (!part) return;
        var chars = Array.from(part);
        var current = [];
        var i = 0;
        while (i < chars.length) {
          if (!isHiragana(chars[i])) {
            current.push(chars[i++]);
            continue;
          }
          var start = i;
          while (i < chars.length && isHiragana(chars[i])) i++;
          var run = chars.slice(start, i);
          var text = run.join("");
          var leading = start === 0;
          var trailing = i === chars.length;
          if (leading) {
            current = current.concat(run);
          } else if (PARTICLES.has(text)) {
            pieces.push(current);
            current = [];
          } else if (!trailing && run.length > 1 && PARTICLE_CHARS.has(run[run.length - 1])) {
            /* okurigana then a particle: 手続きの → 手続き | */
            pieces.push(current.concat(run.slice(0, -1)));
            current = [];
          } else if (!trailing && PARTICLE_CHARS.has(run[0])) {
            /* a particle then the start of the next word: 研修をする職員 → 研修 | する職員 */
            pieces.push(current);
            current = run.slice(1);
          } else {
            current = current.concat(run);
          }
        }
        pieces.push(current);
      });
      return pieces.filter(function (piece) {
        return piece.length > 0;
      });
    }

    /* ---------------------------------------------------------------------------------------
     * English: stop words and the Porter stemmer (M.F. Porter, 1980), written for this file
     * ------------------------------------------------------------------------------------- */

    var STOP_WORDS = new Set(
      ("a an and are as at be been but by can do does for from had has have how i if in into is " +
        "it its me my no not of on or our so than that the their them then there these they this " +
        "to too us was we were what when where which who why will with you your").split(" ")
    );

    function isConsonant(word, i) {
      var char = word[i];
      if ("aeiou".indexOf(char) >= 0) return false;
      if (char === "y") return i === 0 ? true : !isConsonant(word, i - 1);
      return true;
    }

    /* m in [C](VC)^m[V] of word[0, end) */
    function measure(word, end) {
      var count = 0;
      var i = 0;
      while (i < end && isConsonant(word, i)) i++;
      while (i < end) {
        while (i < end && !isConsonant(word, i)) i++;
        if (i >= end) break;
        while (i < end && isConsonant(word, i)) i++;
        count++;
      }
      return count;
    }

    function hasVowel(word, end) {
      for (var i = 0; i < end; i++) if (!isConsonant(word, i)) return true;
      return false;
    }

    function endsWithDouble(word) {
      var n = word.length;
      return n >= 2 && word[n - 1] === word[n - 2] && isConsonant(word, n - 1);
    }

    /* consonant-vowel-consonant at the end, the last not w, x or y */
    function endsCvc(word, end) {
      if (end < 3) return false;
      if (!isConsonant(word, end - 3) || isConsonant(word, end - 2) || !isConsonant(word, end - 1))
        return false;
      return "wxy".indexOf(word[end - 1]) < 0;
    }

    function endsWith(word, suffix) {
      return word.length >= suffix.length && word.slice(-suffix.length) === suffix;
    }

    /* The longest suffix of `rules` that ends `word`; replaced when the stem's measure > min. */
    function replaceLongest(word, rules, min) {
      for (var i = 0; i < rules.length; i++) {
        var suffix = rules[i][0];
        if (endsWith(word, suffix)) {
          var stemEnd = word.length - suffix.length;
          if (measure(word, stemEnd) > min) return word.slice(0, stemEnd) + rules[i][1];
          return word;
        }
      }
      return word;
    }

    function byLength(rules) {
      return rules.sort(function (a, b) {
        return b[0].length - a[0].length;
      });
    }

    var STEP2 = byLength([
      ["ational", "ate"], ["tional", "tion"], ["enci", "ence"], ["anci", "ance"], ["izer", "ize"],
      ["bli", "ble"], ["alli", "al"], ["entli", "ent"], ["eli", "e"], ["ousli", "ous"],
      ["ization", "ize"], ["ation", "ate"], ["ator", "ate"], ["alism", "al"], ["iveness", "ive"],
      ["fulness", "ful"], ["ousness", "ous"], ["aliti", "al"], ["iviti", "ive"], ["biliti", "ble"],
      ["logi", "log"]
    ]);
    var STEP3 = byLength([
      ["icate", "ic"], ["ative", ""], ["alize", "al"], ["iciti", "ic"], ["ical", "ic"],
      ["ful", ""], ["ness", ""]
    ]);
    var STEP4 = byLength(
      ("al ance ence er ic able ible ant ement ment ent ion ou ism ate iti ous ive ize")
        .split(" ")
        .map(function (suffix) {
          return [suffix, ""];
        })
    );

    function porter(word) {
      if (word.length <= 2) return word;
      var w = word;

      /* step 1a */
      if (endsWith(w, "sses")) w = w.slice(0, -2);
      else if (endsWith(w, "ies")) w = w.slice(0, -2);
      else if (!endsWith(w, "ss") && endsWith(w, "s")) w = w.slice(0, -1);

      /* step 1b */
      var cleanup = false;
      if (endsWith(w, "eed")) {
        if (measure(w, w.length - 3) > 0) w = w.slice(0, -1);
      } else if (endsWith(w, "ed") && hasVowel(w, w.length - 2)) {
        w = w.slice(0, -2);
        cleanup = true;
      } else if (endsWith(w, "ing") && hasVowel(w, w.length - 3)) {
        w = w.slice(0, -3);
        cleanup = true;
      }
      if (cleanup) {
        if (endsWith(w, "at") || endsWith(w, "bl") || endsWith(w, "iz")) w += "e";
        else if (endsWithDouble(w) && "lsz".indexOf(w[w.length - 1]) < 0) w = w.slice(0, -1);
        else if (measure(w, w.length) === 1 && endsCvc(w, w.length)) w += "e";
      }

      /* step 1c */
      if (endsWith(w, "y") && hasVowel(w, w.length - 1)) w = w.slice(0, -1) + "i";

      /* steps 2 and 3 */
      w = replaceLongest(w, STEP2, 0);
      w = replaceLongest(w, STEP3, 0);

      /* step 4: -ion only after s or t */
      for (var i = 0; i < STEP4.length; i++) {
        var suffix = STEP4[i][0];
        if (endsWith(w, suffix)) {
          var end = w.length - suffix.length;
          var ok = suffix !== "ion" || (end > 0 && (w[end - 1] === "s" || w[end - 1] === "t"));
          if (ok && measure(w, end) > 1) w = w.slice(0, end);
          break;
        }
      }

      /* step 5 */
      if (endsWith(w, "e")) {
        var m = measure(w, w.length - 1);
        if (m > 1 || (m === 1 && !endsCvc(w, w.length - 1))) w = w.slice(0, -1);
      }
      if (endsWith(w, "ll") && measure(w, w.length) > 1) w = w.slice(0, -1);
      return w;
    }

    var stems = new Map();

    /* British and American spellings meet: organise/organize, analyse/analyze. */
    function stem(word) {
      var known = stems.get(word);
      if (known !== undefined) return known;
      var american = word
        .replace(/is(e|ed|es|ing|er|ers|ation|ations)$/, "iz$1")
        .replace(/ys(e|ed|es|ing)$/, "yz$1");
      var result = porter(american);
      stems.set(word, result);
      return result;
    }

    function wordsOf(folded) {
      var words = [];
      WORD.lastIndex = 0;
      var match;
      while ((match = WORD.exec(folded)) !== null)
        words.push({
          word: match[0].replace(/['\u2019]/g, ""),
          start: match.index,
          end: WORD.lastIndex
        });
      return words;
    }

    /* ---------------------------------------------------------------------------------------
     * Index
     * ------------------------------------------------------------------------------------- */

    function languageOf(location) {
      var best = null;
      var length = -1;
      var prefixes = settings.prefixes || {};
      Object.keys(prefixes).forEach(function (lang) {
        var prefix = prefixes[lang];
        if (location.indexOf(prefix) === 0 && prefix.length > length) {
          best = lang;
          length = prefix.length;
        }
      });
      return best;
    }

    function buildIndex(data) {
      var docs = [];
      var articles = new Map();
      /* The build puts the language's documents in the worker (self.__dxpIndex), and Material's
         index, sent with SETUP, holds none; a worker built without them reads SETUP's. */
      var source = Array.isArray(embedded) && embedded.length ? embedded : (data && data.docs) || [];
      for (var i = 0; i < source.length; i++) {
        var doc = source[i];
        if (!doc || typeof doc.location !== "string") continue;
        if (settings.lang && languageOf(doc.location) !== settings.lang) continue;
        var path = doc.location.split("#")[0];
        var title = plainBlocks(doc.title).join(" ");
        var blocks = plainBlocks(doc.text);
        /* Words the page's front matter gives the search: matched as its title, never shown. */
        var keywords = (Array.isArray(doc.keywords) ? doc.keywords : [])
          .filter(function (word) {
            return typeof word === "string";
          })
          .map(function (word) {
            return loosen(fold(word));
          })
          .filter(Boolean);
        var entry = {
          location: doc.location,
          title: title,
          blocks: blocks,
          titleFolded: loosen(fold(title)),
          titleHtml: escapeHtml(title),
          textFolded: loosen(fold(blocks.join(" \n "))),
          keywords: keywords,
          keywordsFolded: keywords.length ? " \n " + keywords.join(" \n ") : "",
          boost: typeof doc.boost === "number" ? doc.boost : 1,
          aggregate: doc.aggregate === true,
          tags: Array.isArray(doc.tags) ? doc.tags.slice() : undefined,
          article: -1
        };
        /* Material's invariant: a page comes before its sections (config/index.ts). */
        var article = articles.get(path);
        if (article === undefined) {
          article = docs.length;
          articles.set(path, article);
        }
        entry.article = article;
        docs.push(entry);
      }

      /* Sections titled after another page repeat that page: see ECHO_WEIGHT. */
      var pageTitles = new Map();
      docs.forEach(function (doc, d) {
        if (doc.article === d && doc.titleFolded) pageTitles.set(doc.titleFolded, d);
      });
      docs.forEach(function (doc, d) {
        var page = pageTitles.get(doc.titleFolded);
        doc.echo = doc.article !== d && page !== undefined && page !== doc.article;
      });

      /* One string for substring search: \u0001 title \u0002 text, per document. */
      var parts = [];
      var starts = [];
      var titleEnds = [];
      var keywordEnds = [];
      var offset = 0;
      var totalLength = 0;
      docs.forEach(function (doc) {
        starts.push(offset);
        titleEnds.push(offset + 1 + doc.titleFolded.length);
        keywordEnds.push(offset + 1 + doc.titleFolded.length + doc.keywordsFolded.length);
        parts.push("\u0001", doc.titleFolded, doc.keywordsFolded, "\u0002", doc.textFolded);
        offset += 2 + doc.titleFolded.length + doc.keywordsFolded.length + doc.textFolded.length;
        doc.length = doc.textFolded.length;
        totalLength += doc.length;
      });

      /* English words: stem → postings, and the sorted vocabulary for prefixes. */
      var postings = new Map();
      var vocabulary = new Map();
      if (settings.lang !== "ja") {
        docs.forEach(function (doc, d) {
          var counts = new Map();
          var add = function (folded, field) {
            wordsOf(folded).forEach(function (w) {
              var s = stem(w.word);
              var c = counts.get(s);
              if (!c) counts.set(s, (c = [0, 0, 0]));
              c[field]++;
              vocabulary.set(w.word, (vocabulary.get(w.word) || 0) + 1);
            });
          };
          add(doc.titleFolded, 0);
          add(doc.textFolded, 1);
          add(doc.keywordsFolded, 2);
          doc.words = 0;
          counts.forEach(function (c, s) {
            var list = postings.get(s);
            if (!list) postings.set(s, (list = []));
            list.push(d, c[0], c[1], c[2]); /* flat: document, counts in title, text, keywords */
            doc.words += c[1];
          });
        });
      }
      var words = Array.from(vocabulary.keys()).sort();

      return {
        docs: docs,
        byLocation: new Map(
          docs.map(function (doc, d) {
            return [doc.location, d];
          })
        ),
        scratch: {
          docs: new Int32Array(docs.length),
          title: new Uint32Array(docs.length),
          text: new Uint32Array(docs.length),
          keys: new Uint32Array(docs.length),
          slot: new Uint32Array(docs.length)
        },
        corpus: parts.join(""),
        starts: starts,
        titleEnds: titleEnds,
        keywordEnds: keywordEnds,
        averageLength: docs.length ? totalLength / docs.length : 1,
        postings: postings,
        vocabulary: vocabulary,
        words: words
      };
    }

    /*
     * Every occurrence of `needle`, per document, in ascending document order:
     * { size, docs, title, text } (counts in the title and in the text). Latin needles must
     * start a word. Typed arrays and one forward walk over the documents keep this fast when a
     * short needle occurs a hundred thousand times.
     */
    function occurrences(needle) {
      var known = cache.get(needle);
      if (known) return known;
      var corpus = index.corpus;
      var starts = index.starts;
      var titleEnds = index.titleEnds;
      var keywordEnds = index.keywordEnds;
      var count = starts.length;
      var docs = index.scratch.docs;
      var title = index.scratch.title;
      var text = index.scratch.text;
      var keys = index.scratch.keys;
      var size = 0;
      var d = -1;
      var latinStart = LATIN_OR_DIGIT.test(needle[0]);
      var position = corpus.indexOf(needle);
      while (position >= 0) {
        if (!latinStart || position === 0 || !LATIN_OR_DIGIT.test(corpus[position - 1])) {
          var current = d;
          while (d + 1 < count && starts[d + 1] <= position) d++;
          if (d !== current) {
            docs[size] = d;
            title[size] = 0;
            text[size] = 0;
            keys[size] = 0;
            size++;
          }
          if (position < titleEnds[d]) title[size - 1]++;
          else if (position < keywordEnds[d]) keys[size - 1]++;
          else text[size - 1]++;
        }
        position = corpus.indexOf(needle, position + needle.length);
      }
      var found = {
        size: size,
        docs: docs.slice(0, size),
        title: title.slice(0, size),
        text: text.slice(0, size),
        keys: keys.slice(0, size)
      };
      if (cache.size >= CACHE_SIZE) cache.delete(cache.keys().next().value);
      cache.set(needle, found);
      return found;
    }

    /* Whether `needle` occurs anywhere (cheaper than occurrences(): used to cut queries). */
    var seen = new Map();

    function present(needle) {
      var known = cache.has(needle) ? cache.get(needle).size > 0 : seen.get(needle);
      if (known !== undefined) return known;
      var found = index.corpus.indexOf(needle) >= 0;
      if (seen.size >= CACHE_SIZE * 4) seen.clear();
      seen.set(needle, found);
      return found;
    }

    /* ---------------------------------------------------------------------------------------
     * Query → terms
     *
     * A term: { key, required, strong, forms: [{text, weight} | {stems, weight}], pairs }
     * ------------------------------------------------------------------------------------- */

    /* Greedy: the longest strings of the piece that occur somewhere in the site. */
    function segments(chars) {
      var result = [];
      var i = 0;
      while (i < chars.length) {
        var rest = chars.length - i;
        var best = 0;
        if (present(chars.slice(i).join(""))) {
          best = rest;
        } else {
          var low = 1;
          var high = rest - 1;
          while (low <= high) {
            var middle = (low + high) >> 1;
            if (present(chars.slice(i, i + middle).join(""))) {
              best = middle;
              low = middle + 1;
            } else {
              high = middle - 1;
            }
          }
        }
        if (best === 0) {
          /* Not in the site at all, so it will match nothing: characters the site does not
             have stay together, to be shown as one missing word (予算, not 予 + 算). */
          best = 1;
          while (i + best < chars.length && !present(chars[i + best])) best++;
        }
        result.push(chars.slice(i, i + best));
        i += best;
      }
      return result;
    }

    /* 取り残さない → 取り残さな, 取り残さ, 取り残 (never shorter than two characters). */
    function stemForms(chars) {
      var forms = [{ text: chars.join(""), weight: 1 }];
      if (allHiragana(chars)) return forms;
      var end = chars.length;
      var weight = 1;
      while (end > 2 && isHiragana(chars[end - 1])) {
        end--;
        weight *= STEM_DECAY;
        forms.push({ text: chars.slice(0, end).join(""), weight: weight });
      }
      return forms;
    }

    function scriptClass(char) {
      if (isHiragana(char)) return 1;
      if (/[\u30a1-\u30ff]/.test(char)) return 2;
      if (LATIN_OR_DIGIT.test(char)) return 3;
      return 4;
    }

    /* Two halves of a compound, each in the site: デジタル変革 → デジタル + 変革. */
    function splitPairs(chars) {
      if (chars.length < 4 || chars.length > 10 || chars.some(isHiragana)) return [];
      var points = [];
      for (var k = 2; k <= chars.length - 2; k++)
        if (scriptClass(chars[k - 1]) !== scriptClass(chars[k])) points.push(k);
      if (!points.length && chars.length <= 8)
        for (var j = 2; j <= chars.length - 2; j++) points.push(j);
      var pairs = [];
      points.forEach(function (k) {
        var left = chars.slice(0, k).join("");
        var right = chars.slice(k).join("");
        if (present(left) && present(right)) pairs.push([left, right]);
      });
      return pairs;
    }

    /* The segments of a piece of `length` characters with its lone characters (a kanji or
       katakana left over, next to another, where a longer word was typed: 構築 → 構 + 築,
       指令塔 → 指 + 令塔) marked `absent`, side by side ones joined. */
    function loneCharacters(list, length) {
      if (length < 2) return list;
      /* In kana typed alone (ほげほげ) a lone kana is no word either; beside kanji it is
         okurigana or a particle (optional: see substringTerms). */
      var kanaOnly = list.every(allHiragana);
      var written = function (chars) {
        return chars !== undefined && !isHiragana(chars[0]);
      };
      var result = [];
      list.forEach(function (chars, k) {
        if (chars.absent) {
          result.push(chars);
          return;
        }
        /* Beside kana it is the stem of a word (望 of 望んでいる, 障 of 障がい者). */
        var lone = chars.length === 1 && (kanaOnly ||
          (!isHiragana(chars[0]) && (written(list[k - 1]) || written(list[k + 1]))));
        var last = result[result.length - 1];
        if (lone && last && last.absent) {
          last.push(chars[0]);
          return;
        }
        var copy = chars.slice();
        if (lone) copy.absent = true;
        result.push(copy);
      });
      return result;
    }

    function absentAll(chars) {
      var copy = chars.slice();
      copy.absent = true;
      return copy;
    }

    function substringTerms(folded) {
      var terms = [];
      japanesePieces(folded).forEach(function (piece) {
        if (allHiragana(piece) && PARTICLES.has(piece.join(""))) return;
        /* A word in Latin letters the site lacks is one missing word, not its pieces
           (behind → beh + i + nd). */
        var latinWord = piece.every(function (char) {
          return LATIN_OR_DIGIT.test(char);
        });
        var cut = latinWord && !present(piece.join("")) ? [absentAll(piece)] : segments(piece);
        loneCharacters(cut, piece.length).forEach(function (chars, position) {
          var optional = position > 0 && allHiragana(chars);
          var text = chars.join("");
          if (chars.absent) {
            /* Not a word of the site: it matches nothing, and lowers the rank of the pages
               that lack it instead of matching each of its characters (構築 → 構 + 築). */
            terms.push({ key: text, required: true, strong: false, forms: [], pairs: [] });
            return;
          }
          terms.push({
            key: text,
            required: !optional,
            strong: chars.length >= 2,
            forms: optional ? [{ text: text, weight: 1 }] : stemForms(chars),
            pairs: optional ? [] : splitPairs(chars)
          });
        });
      });
      return terms;
    }

    /* Words of the vocabulary that start with `prefix`, most frequent first. */
    function completions(prefix, limit) {
      var words = index.words;
      var low = 0;
      var high = words.length;
      while (low < high) {
        var middle = (low + high) >> 1;
        if (words[middle] < prefix) low = middle + 1;
        else high = middle;
      }
      var found = [];
      for (var i = low; i < words.length && words[i].indexOf(prefix) === 0; i++) found.push(words[i]);
      found.sort(function (a, b) {
        return index.vocabulary.get(b) - index.vocabulary.get(a);
      });
      return found.slice(0, limit);
    }

    /* Whether `a` and `b` are at most one edit apart: a letter added, dropped, changed, or two
       side by side swapped (dashbaord, comand, transformaton, senoirs). */
    function oneEditApart(a, b) {
      if (a === b) return true;
      var la = a.length, lb = b.length;
      if (la - lb > 1 || lb - la > 1) return false;
      var i = 0;
      while (i < la && i < lb && a.charAt(i) === b.charAt(i)) i++;
      if (la > lb) return a.slice(i + 1) === b.slice(i);
      if (lb > la) return a.slice(i) === b.slice(i + 1);
      if (a.slice(i + 1) === b.slice(i + 1)) return true;
      return a.charAt(i) === b.charAt(i + 1) && a.charAt(i + 1) === b.charAt(i) &&
        a.slice(i + 2) === b.slice(i + 2);
    }

    /* The stems of the site's words one edit from `word`, a word of TYPO_LENGTH letters or more
       that the site does not have. */
    function misspelt(word) {
      if (word.length < TYPO_LENGTH || /[0-9]/.test(word)) return [];
      var stems = new Set();
      index.words.forEach(function (known) {
        if (known.length >= TYPO_LENGTH - 1 && oneEditApart(word, known)) stems.add(stem(known));
      });
      return Array.from(stems).slice(0, 8);
    }

    function englishTerms(query, folded) {
      var typing = !/\s$/.test(query);
      var words = wordsOf(folded).map(function (w) {
        return w.word;
      });
      /* A single letter counts too: the e of "e government" is what tells e-government apart. */
      var content = words.filter(function (word) {
        return !STOP_WORDS.has(word);
      });
      if (!content.length) content = words;
      var terms = [];
      content.forEach(function (word, position) {
        var forms = [{ stems: [stem(word)], weight: 1 }];
        var last = typing && position === content.length - 1 && word === words[words.length - 1];
        if (last && word.length >= 2) {
          var extra = completions(word, 200)
            .map(stem)
            .filter(function (s) {
              return s !== forms[0].stems[0];
            });
          if (extra.length) forms.push({ stems: Array.from(new Set(extra)), weight: PREFIX_WEIGHT });
        }
        if (forms.length === 1 && !index.postings.has(forms[0].stems[0])) {
          var near = misspelt(word);
          if (near.length) forms.push({ stems: near, weight: TYPO_WEIGHT });
        }
        terms.push({
          key: word,
          required: true,
          strong: true,
          forms: forms,
          pairs: [],
          prefix: last ? word : null
        });
      });
      return terms;
    }

    function parseQuery(query) {
      /* A pasted paragraph is searched by its beginning: every piece costs scans of the site. */
      var folded = Array.from(fold(query).trim()).slice(0, MAX_QUERY).join("");
      var terms = [];
      if (settings.lang === "ja") {
        terms = substringTerms(folded);
      } else {
        /* Latin words are stemmed; anything else (Japanese in an English page) is a substring. */
        var latin = folded.replace(/[^\p{Script=Latin}\p{N}'\u2019\s]+/gu, " ");
        var other = folded
          .split(/\s+/)
          .filter(function (part) {
            return NON_LATIN.test(part);
          })
          .map(function (part) {
            return part.replace(/[\p{Script=Latin}\p{N}]+/gu, " ");
          })
          .join(" ");
        terms = englishTerms(query, latin).concat(other.trim() ? substringTerms(other) : []);
      }
      /* The same term twice counts once; masks hold one bit per term. */
      var keys = new Set();
      terms = terms.filter(function (term) {
        if (keys.has(term.key)) return false;
        keys.add(term.key);
        return true;
      }).slice(0, MAX_TERMS);
      return {
        terms: terms,
        phrase: loosen(folded).replace(/\s+/g, settings.lang === "ja" ? "" : " ")
      };
    }

    /* ---------------------------------------------------------------------------------------
     * Matching and ranking
     * ------------------------------------------------------------------------------------- */

    /*
     * Where a term matches: per document, the weight of the best form found there (0: none)
     * and that form's counts in the title and the text; `list` names the documents.
     */
    function matchTerm(term) {
      var count = index.docs.length;
      var match = {
        weight: new Float32Array(count),
        title: new Uint32Array(count),
        text: new Uint32Array(count),
        keys: new Uint32Array(count),
        list: []
      };
      var merge = function (found, weight) {
        for (var i = 0; i < found.size; i++) {
          var d = found.docs[i];
          if (weight <= match.weight[d]) continue;
          if (match.weight[d] === 0) match.list.push(d);
          match.weight[d] = weight;
          match.title[d] = found.title[i];
          match.text[d] = found.text[i];
          match.keys[d] = found.keys[i];
        }
      };
      term.forms.forEach(function (form) {
        if (form.text !== undefined) {
          merge(occurrences(form.text), form.weight);
          return;
        }
        /* English: the postings of every stem of the form, added up per document. */
        var scratch = index.scratch;
        var found = {
          size: 0,
          docs: scratch.docs,
          title: scratch.title,
          text: scratch.text,
          keys: scratch.keys
        };
        var slot = scratch.slot; /* document → its place in `found`, plus one (0: none yet) */
        form.stems.forEach(function (s) {
          var list = index.postings.get(s) || [];
          for (var i = 0; i < list.length; i += 4) {
            var d = list[i];
            var at = slot[d] - 1;
            if (at < 0) {
              at = found.size++;
              slot[d] = at + 1;
              found.docs[at] = d;
              found.title[at] = 0;
              found.text[at] = 0;
              found.keys[at] = 0;
            }
            found.title[at] += list[i + 1];
            found.text[at] += list[i + 2];
            found.keys[at] += list[i + 3];
          }
        });
        merge(found, form.weight);
        for (var k = 0; k < found.size; k++) slot[found.docs[k]] = 0;
      });
      term.pairs.forEach(function (pair) {
        var left = occurrences(pair[0]);
        var right = occurrences(pair[1]);
        var found = { size: 0, docs: [], title: [], text: [], keys: [] };
        for (var i = 0, j = 0; i < left.size && j < right.size; ) {
          if (left.docs[i] < right.docs[j]) i++;
          else if (left.docs[i] > right.docs[j]) j++;
          else {
            found.docs.push(left.docs[i]);
            found.title.push(Math.min(left.title[i], right.title[j]));
            found.text.push(Math.min(left.text[i], right.text[j]));
            found.keys.push(Math.min(left.keys[i], right.keys[j]));
            found.size++;
            i++;
            j++;
          }
        }
        merge(found, SPLIT_WEIGHT);
      });
      return match;
    }

    function saturate(count, length) {
      if (count <= 0) return 0;
      var norm = 1 - B + (B * length) / index.averageLength;
      return (count * (K1 + 1)) / (count + K1 * norm);
    }

    /* Pages that match, best first: { article, score, coverage, items: [{doc, score, mask}] }. */
    function rank(parsed) {
      var terms = parsed.terms;
      var docs = index.docs;
      var total = docs.length;
      var scores = new Float64Array(total);
      var masks = new Uint32Array(total); /* bit t: the document holds term t */
      var titled = new Uint32Array(total); /* bit t: its title does */
      var touched = [];
      var requiredMask = 0;
      terms.forEach(function (term, t) {
        if (term.required) requiredMask |= 1 << t;
        var match = matchTerm(term);
        term.matched = match;
        var df = match.list.length;
        var idf = Math.log(1 + (total - df + 0.5) / (df + 0.5));
        var importance = term.required ? 1 : OPTIONAL_WEIGHT;
        for (var i = 0; i < df; i++) {
          var d = match.list[i];
          var titleWeight = docs[d].article === d ? PAGE_TITLE_WEIGHT : TITLE_WEIGHT;
          if (masks[d] === 0) touched.push(d);
          masks[d] |= 1 << t;
          if (match.title[d] > 0) titled[d] |= 1 << t;
          scores[d] +=
            match.weight[d] * importance * idf *
            (titleWeight * saturate(match.title[d], 1) +
              KEYWORD_WEIGHT * saturate(match.keys[d], 1) +
              saturate(match.text[d], docs[d].length));
        }
      });
      var required = bits(requiredMask);

      var pages = new Map();
      touched.forEach(function (d) {
        var held = masks[d] & requiredMask;
        /* Documents that hold only leftover okurigana or particles do not count. */
        if (held === 0 && required > 0) return;
        var doc = docs[d];
        var score = scores[d];
        /* Sections holding every term first; then the query as typed, as a phrase. */
        if (required > 1) score *= Math.pow(bits(held) / required, 2);
        if (parsed.phrase.length >= 2) {
          if (doc.titleFolded === parsed.phrase) score *= 3;
          else if (doc.titleFolded.indexOf(parsed.phrase) >= 0) score *= 2;
          else if (doc.keywords.indexOf(parsed.phrase) >= 0) score *= 2;
          else if (doc.textFolded.indexOf(parsed.phrase) >= 0) score *= 1.5;
        }
        score *= doc.boost * (doc.echo ? ECHO_WEIGHT : 1);
        var page = pages.get(doc.article);
        if (!page) pages.set(doc.article, (page = { article: doc.article, items: [], mask: 0 }));
        page.items.push({ doc: d, score: score, mask: masks[d] });
        page.mask |= masks[d];
      });

      var list = [];
      pages.forEach(function (page) {
        page.items.sort(function (a, b) {
          return b.score - a.score;
        });
        var best = page.items[0].score;
        var rest = 0;
        for (var i = 1; i < page.items.length; i++) rest += page.items[i].score;
        page.score = best + OTHER_SECTIONS * Math.min(rest, best);
        var held = page.mask & requiredMask;
        var strong = terms.some(function (term, t) {
          return term.strong && (held & (1 << t)) !== 0;
        });
        page.coverage = required ? bits(held) / required : 1;
        /* A page gathering others' (a role's, the checklist, the glossary) comes after the
           pages it gathers, unless its own title is what was asked for. */
        var article = docs[page.article];
        page.gathered =
          article.aggregate &&
          (titled[page.article] & requiredMask) === 0 &&
          article.keywords.indexOf(parsed.phrase) < 0;
        /* Pages missing a term come after those holding all, and only for longer queries. */
        if (page.coverage === 1) list.push(page);
        else if (required >= 2 && page.coverage >= 0.5 && strong) list.push(page);
      });
      list.sort(function (a, b) {
        return b.coverage - a.coverage || a.gathered - b.gathered || b.score - a.score ||
          a.article - b.article;
      });
      return list;
    }

    function bits(mask) {
      var count = 0;
      for (; mask; mask &= mask - 1) count++;
      return count;
    }

    /* ---------------------------------------------------------------------------------------
     * Highlighting: the matches of the query in one title or block, as ranges of the original
     * ------------------------------------------------------------------------------------- */

    function rangesIn(text, terms, seenSurface) {
      var folded = foldWithMap(text);
      var ranges = [];
      var add = function (start, end, term) {
        var from = folded.map[start];
        var to = folded.map[end];
        ranges.push([from, to]);
        if (!seenSurface.has(term)) seenSurface.set(term, text.slice(from, to));
      };
      terms.forEach(function (term) {
        term.forms.forEach(function (form) {
          if (form.text !== undefined) {
            var latinStart = LATIN_OR_DIGIT.test(form.text[0]);
            var at = folded.text.indexOf(form.text);
            while (at >= 0) {
              if (!latinStart || at === 0 || !LATIN_OR_DIGIT.test(folded.text[at - 1]))
                add(at, at + form.text.length, term);
              at = folded.text.indexOf(form.text, at + form.text.length);
            }
          } else {
            var wanted = new Set(form.stems);
            wordsOf(folded.text).forEach(function (w) {
              if (wanted.has(stem(w.word))) add(w.start, w.end, term);
            });
          }
        });
        term.pairs.forEach(function (pair) {
          pair.forEach(function (part) {
            var at = folded.text.indexOf(part);
            while (at >= 0) {
              add(at, at + part.length, term);
              at = folded.text.indexOf(part, at + part.length);
            }
          });
        });
      });
      ranges.sort(function (a, b) {
        return a[0] - b[0] || b[1] - a[1];
      });
      var merged = [];
      ranges.forEach(function (range) {
        var last = merged[merged.length - 1];
        if (last && range[0] <= last[1]) last[1] = Math.max(last[1], range[1]);
        else merged.push([range[0], range[1]]);
      });
      return merged;
    }

    function marked(text, ranges, from, to) {
      var out = "";
      var cursor = from;
      ranges.forEach(function (range) {
        var start = Math.max(range[0], from);
        var end = Math.min(range[1], to);
        if (end <= start) return;
        out += escapeHtml(text.slice(cursor, start));
        out += "<mark>" + escapeHtml(text.slice(start, end)) + "</mark>";
        cursor = end;
      });
      return out + escapeHtml(text.slice(cursor, to));
    }

    function snippet(block, ranges) {
      var start = 0;
      if (ranges.length && ranges[0][0] > SNIPPET_BEFORE) {
        /* Some context before the first match, starting at a word where there are spaces. */
        start = ranges[0][0] - SNIPPET_BEFORE;
        var space = block.indexOf(" ", start);
        if (space >= 0 && space + 1 < ranges[0][0]) start = space + 1;
      }
      var end = Math.min(block.length, start + SNIPPET_LENGTH);
      var before = start > 0 ? "…" : "";
      var after = end < block.length ? "…" : "";
      return before + marked(block, ranges, start, end) + after;
    }

    function renderItem(d, score, mask, terms) {
      var doc = index.docs[d];
      var item = { location: doc.location, title: "", text: "", score: score, terms: {} };
      if (doc.tags) item.tags = doc.tags;
      var surfaces = new Map();
      /* Highlight the forms that matched here: the whole word, or else its two halves. */
      var wanted = [];
      terms.forEach(function (term, t) {
        /* Leftover okurigana and particles (る, ない) would mark every page that has them. */
        if (!(mask & (1 << t)) || !term.required) return;
        var halves = term.matched.weight[d] === SPLIT_WEIGHT && term.pairs.length > 0;
        wanted.push({
          key: term.key,
          forms: halves ? [] : term.forms,
          pairs: halves ? term.pairs : [],
          original: term
        });
      });
      item.title = wanted.length
        ? marked(doc.title, rangesIn(doc.title, wanted, surfaces), 0, doc.title.length)
        : doc.titleHtml;
      var shown = [];
      for (var i = 0; i < doc.blocks.length && shown.length < 2 && wanted.length; i++) {
        var ranges = rangesIn(doc.blocks[i], wanted, surfaces);
        if (ranges.length) shown.push(snippet(doc.blocks[i], ranges));
      }
      if (!shown.length && doc.blocks.length) shown.push(snippet(doc.blocks[0], []));
      item.text = shown
        .map(function (html) {
          return "<p>" + html + "</p>";
        })
        .join("");
      /* What Material shows as missing (false) and passes to the page highlighter (true). */
      var surface = function (term) {
        for (var i = 0; i < wanted.length; i++)
          if (wanted[i].original === term && surfaces.has(wanted[i])) return surfaces.get(wanted[i]);
        return term.key;
      };
      terms.forEach(function (term, t) {
        if (mask & (1 << t) && term.required) item.terms[surface(term)] = true;
        else if (term.required && item.terms[term.key] === undefined) item.terms[term.key] = false;
      });
      return item;
    }

    /* ---------------------------------------------------------------------------------------
     * The thesaurus (data/synonyms.yml and the glossary, in the settings): a query holding a word
     * of a group is also searched with each other word of the group in its place. When the
     * word itself is nowhere in the site (ハンコ), only the other words are searched, so that
     * the query is never cut into single characters; otherwise the query as typed comes first
     * and the others follow at a lower weight.
     * ------------------------------------------------------------------------------------- */

    var SYNONYM_WEIGHT = 0.8;
    var MAX_VARIANTS = 8;
    var thesaurus = (settings.synonyms || []).map(function (group) {
      return group.map(function (word) {
        return fold(String(word)).replace(/\s+/g, " ").trim();
      }).filter(function (word) {
        return word.length > 0;
      });
    });

    var thesaurusWords = new Set();
    thesaurus.forEach(function (group) {
      group.forEach(function (word) {
        thesaurusWords.add(word);
      });
    });

    /* Whether `word` stands in `folded` as a word: Latin words are not found inside others. */
    function findWord(folded, word) {
      var at = folded.indexOf(word);
      while (at >= 0) {
        var before = folded.charAt(at - 1), after = folded.charAt(at + word.length);
        if (!/[a-z0-9]/.test(word.charAt(0)) || !/[a-z0-9]/.test(before))
          if (!/[a-z0-9]/.test(word.charAt(word.length - 1)) || !/[a-z0-9]/.test(after)) return at;
        at = folded.indexOf(word, at + 1);
      }
      return -1;
    }

    /* The queries to search for `query`: [{text, weight}], the query as typed first unless a
       thesaurus word in it occurs nowhere in the site. */
    function variants(query) {
      var folded = fold(query).replace(/\s+/g, " ").trim();
      var found = [];
      thesaurus.forEach(function (group) {
        group.forEach(function (word) {
          var at = findWord(folded, word);
          if (at >= 0) found.push({ group: group, word: word, at: at });
        });
      });
      if (!found.length) return [{ text: query, weight: 1 }];
      /* The longest word first: "proof of concept" before "concept". */
      found.sort(function (a, b) {
        return b.word.length - a.word.length;
      });
      var hit = found[0];
      var list = [], absent = settings.lang === "ja" ? !present(hit.word) : false;
      if (!absent) list.push({ text: query, weight: 1 });
      hit.group.forEach(function (other) {
        if (other === hit.word || list.length >= MAX_VARIANTS) return;
        /* A word of the group that the site lacks finds nothing, or only its pieces. */
        if (!present(other) && !(settings.lang !== "ja" && !NON_LATIN.test(other))) return;
        var text = folded.slice(0, hit.at) + " " + other + " " + folded.slice(hit.at + hit.word.length);
        list.push({ text: text.trim(), weight: absent ? 1 : SYNONYM_WEIGHT });
      });
      /* Every word of the group is missing too: search what was typed. */
      if (!list.length) list.push({ text: query, weight: 1 });
      return list;
    }

    /* ---------------------------------------------------------------------------------------
     * Readings: kana typed before conversion (けんしゅう → 研修, すいしんほんぶ → 推進本部)
     *
     * The build lists every reading of the Japanese text with the words read so
     * (settings.readings, from SudachiPy: core/search/readings.py). A query word in kana is cut
     * into the fewest pieces, each a known reading or one kana kept as typed (okurigana and
     * particles: ことばにおどらされず → 言葉 に 踊ら さ れ ず), and searched as those words.
     * ------------------------------------------------------------------------------------- */

    var READING_WEIGHT = 0.9; /* a reading's words, when the kana as typed also occur */
    var READING_CHOICES = 3; /* words tried for a reading with several (こうせい: 構成, 公正 ...) */
    /* Hiragana only: a word in katakana is a loanword far more often than a reading
       (トレーニング is not 取れ + にんぐ). */
    var KANA_WORD = /^[\u3041-\u3096]{2,}$/;
    var readings = new Map();
    var longestReading = 0;
    Object.keys(settings.readings || {}).forEach(function (reading) {
      var words = settings.readings[reading];
      if (!Array.isArray(words) || !words.length) return;
      readings.set(reading, words.map(String));
      longestReading = Math.max(longestReading, reading.length);
    });

    /* The pieces of `kana` ([{reading, words} | {kana}]) with the fewest pieces, or null when
       no known reading is in it. */
    function readAs(kana) {
      var n = kana.length;
      var cost = [0], from = [null];
      for (var i = 1; i <= n; i++) cost.push(Infinity), from.push(null);
      for (var start = 0; start < n; start++) {
        if (cost[start] === Infinity) continue;
        if (cost[start] + 1 < cost[start + 1]) {
          cost[start + 1] = cost[start] + 1;
          from[start + 1] = { start: start, kana: kana.charAt(start) };
        }
        var most = Math.min(longestReading, n - start);
        for (var length = 2; length <= most; length++) {
          var piece = kana.substr(start, length);
          var words = readings.get(piece);
          /* On a tie, the reading: one word read whole beats the kana as typed. */
          if (words && cost[start] + 1 <= cost[start + length]) {
            cost[start + length] = cost[start] + 1;
            from[start + length] = { start: start, reading: piece, words: words };
          }
        }
      }
      var pieces = [], read = 0;
      for (var end = n; end > 0; end = from[end].start) {
        pieces.unshift(from[end]);
        if (from[end].words) read += from[end].reading.length;
      }
      /* Mostly kana kept as typed is a guess, not a reading (ほげほげ → 保 + げほげ). */
      return read * 2 >= n ? pieces : null;
    }

    /* The query with each kana word read as words of the text: [{text, weight}], at most
       READING_CHOICES, the query as typed first when its kana occur in the site. */
    function readingVariants(query) {
      if (!readings.size) return [{ text: query, weight: 1 }];
      var words = fold(query).replace(/\s+/g, " ").trim().split(" ");
      var choices = [];
      var changed = false, typedPresent = true;
      words.forEach(function (word) {
        var pieces = KANA_WORD.test(word) ? readAs(word) : null;
        if (!pieces) {
          choices.push(function () {
            return word;
          });
          return;
        }
        changed = true;
        if (!present(word)) typedPresent = false;
        choices.push(function (k) {
          return pieces.map(function (piece) {
            return piece.words ? piece.words[Math.min(k, piece.words.length - 1)] : piece.kana;
          }).join("");
        });
      });
      if (!changed) return [{ text: query, weight: 1 }];
      var list = typedPresent ? [{ text: query, weight: 1 }] : [];
      var seenText = new Set();
      for (var k = 0; k < READING_CHOICES; k++) {
        var text = choices.map(function (choice) {
          return choice(k);
        }).join(" ");
        if (seenText.has(text)) continue;
        seenText.add(text);
        list.push({ text: text, weight: typedPresent ? READING_WEIGHT : 1 });
      }
      return list;
    }

    /* ---------------------------------------------------------------------------------------
     * Romaji typed without conversion (kenshuu → けんしゅう → 研修, suishin honbu → 推進本部):
     * wanakana (npm, MIT), which the build puts before this engine in the Japanese worker,
     * writes a Latin word the site lacks in hiragana, and the word is read as above. Only when
     * every piece of it is a known reading (or a particle: kenshuunokeikaku), and only when
     * every other Latin word of the query is in the site: an English query typed here (leave
     * no one behind, agenda) stays English and finds the pages through the other language.
     * ------------------------------------------------------------------------------------- */

    var ROMAJI = /^[a-z]+$/;
    var ROMAJI_KANA = 3; /* kana a word needs: two (same → さめ) are English words more often */
    /* Kana after which romaji often leaves out a long vowel's う (kenshu, shireito, tokyo). */
    var O_OR_U = "おこごそぞとどのほぼぽもよょろうくぐすずつづぬふぶぷむゆゅる";
    var LONG_VOWELS = 3; /* places tried, so at most 2 ** 3 spellings a word */
    /* Each kana's vowel, for a vowel typed twice where katakana has ー (terewaaku: テレワーク,
       read てれわく once folded). */
    var VOWEL_ROWS = [
      "あかがさざただなはばぱまやらわゃぁ", "いきぎしじちぢにひびぴみりぃ", "うくぐすずつづぬふぶぷむゆるゅぅ",
      "えけげせぜてでねへべぺめれぇ", "おこごそぞとどのほぼぽもよろをょぉ"
    ];

    /* `kana` without a vowel that repeats the one before it (てれわあく → てれわく). */
    function withoutLongVowels(kana) {
      var out = "";
      for (var i = 0; i < kana.length; i++) {
        var char = kana.charAt(i), row = "あいうえお".indexOf(char);
        if (row >= 0 && i > 0 && VOWEL_ROWS[row].indexOf(kana.charAt(i - 1)) >= 0) continue;
        out += char;
      }
      return out;
    }

    /* `kana` as written or with long-vowel う put back, whichever reads whole in the fewest
       pieces (しれいと: 司令 + と; しれいとう: 司令塔), then with the fewest put back; or null. */
    function readRomaji(kana) {
      var places = [];
      for (var i = 0; i < kana.length && places.length < LONG_VOWELS; i++)
        if (O_OR_U.indexOf(kana.charAt(i)) >= 0 && kana.charAt(i + 1) !== "う") places.push(i);
      var best = null, fewest = Infinity;
      for (var set = 0; set < 1 << places.length; set++) {
        var spelt = "";
        for (var at = 0, p = 0; at < kana.length; at++) {
          spelt += kana.charAt(at);
          if (p < places.length && places[p] === at) {
            if (set & (1 << p)) spelt += "う";
            p++;
          }
        }
        /* A う put back must make a word, not a short one beside it (とうきょ: 問う + 今日). */
        var pieces = piecesRead(spelt, set ? 3 : 2);
        /* Fewer pieces first, then fewer kana added (the sets come in no such order). */
        var cost = pieces * 16 + bits(set);
        if (pieces && cost < fewest) {
          best = spelt;
          fewest = cost;
        }
      }
      var short = withoutLongVowels(kana);
      var shortPieces = short === kana ? 0 : piecesRead(short, 3);
      if (shortPieces && shortPieces * 16 + 1 < fewest) best = short;
      return best;
    }

    /* The pieces of `kana` when every one is a known reading of `shortest` kana or more or,
       after the first, a particle (kenshuunokeikaku: 研修 の 計画); else 0. */
    function piecesRead(kana, shortest) {
      var pieces = readAs(kana);
      var whole = pieces !== null && pieces.every(function (piece, p) {
        return piece.words ? piece.reading.length >= shortest : p > 0 && PARTICLES.has(piece.kana);
      });
      return whole ? pieces.length : 0;
    }

    /* The query with its romaji words in hiragana, or null when it is not romaji. Words of
       two kana (kiso: 基礎) and particles (no, wo) count only beside a longer one. */
    function fromRomaji(query) {
      var library = scope.wanakana;
      if (!readings.size || !library || typeof library.toHiragana !== "function") return null;
      var words = fold(query).replace(/\s+/g, " ").trim().split(" ");
      var long = false;
      for (var i = 0; i < words.length; i++) {
        var word = words[i];
        var kana = ROMAJI.test(word) ? String(library.toHiragana(word)) : "";
        /* A particle (no, wo), even where the site has the letters (No. 1). */
        if (PARTICLES.has(kana)) {
          words[i] = kana;
          continue;
        }
        if (!/[a-z]/.test(word) || present(word) || thesaurusWords.has(word)) continue;
        if (!KANA_WORD.test(kana)) return null;
        var read = readRomaji(kana);
        if (read === null) return null;
        words[i] = read;
        if (kana.length >= ROMAJI_KANA) long = true;
      }
      return long ? words.join(" ") : null;
    }

    /* ---------------------------------------------------------------------------------------
     * Slips: old or variant kanji (實證 → 実証, from ja-itaiji via the build: settings.kanji)
     * and katakana written a little off (エンパワメンド, ミツション, チエック, ヴ for ブ,
     * ファシリテイター): a katakana word the site lacks is matched to one of the site's that
     * differs only in voiced marks, small kana or ヴ, or, from four letters, by one more edit.
     * ------------------------------------------------------------------------------------- */

    var kanjiForms = settings.kanji || {};
    var OTHER_KANJI = /[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]/g;

    /* Only a kanji the site lacks: one it has is what the reader means. */
    function siteKanji(query) {
      return query.replace(OTHER_KANJI, function (char) {
        return Object.prototype.hasOwnProperty.call(kanjiForms, char) && !present(char)
          ? kanjiForms[char]
          : char;
      });
    }

    var SMALL_KANA = {
      "ァ": "ア", "ィ": "イ", "ゥ": "ウ", "ェ": "エ", "ォ": "オ", "ッ": "ツ", "ャ": "ヤ", "ュ": "ユ",
      "ョ": "ヨ", "ヮ": "ワ", "ヵ": "カ", "ヶ": "ケ"
    };
    var VU = { "ァ": "バ", "ィ": "ビ", "ェ": "ベ", "ォ": "ボ" };
    var KATAKANA_RUN = /[\u30a1-\u30fa]{3,}/g;

    /* A katakana word without what its slips change: ヴ, small kana, voiced marks. */
    function looseKana(word) {
      return word
        .replace(/ヴ([ァィェォ])/g, function (_, small) {
          return VU[small];
        })
        .replace(/ヴ/g, "ブ")
        .replace(/[ァィゥェォッャュョヮヵヶ]/g, function (char) {
          return SMALL_KANA[char];
        })
        .normalize("NFD")
        .replace(/[\u3099\u309a]/g, "")
        .normalize("NFC");
    }

    /* The site's katakana words (folded), by their loose form, the most frequent first. */
    function katakanaWords() {
      if (index.katakana) return index.katakana;
      var counts = new Map();
      (index.corpus.match(KATAKANA_RUN) || []).forEach(function (word) {
        counts.set(word, (counts.get(word) || 0) + 1);
      });
      var byLoose = new Map();
      Array.from(counts.keys())
        .sort(function (a, b) {
          return counts.get(b) - counts.get(a) || (a < b ? -1 : 1);
        })
        .forEach(function (word) {
          var loose = looseKana(word);
          if (!byLoose.has(loose)) byLoose.set(loose, word);
        });
      index.katakana = byLoose;
      return byLoose;
    }

    /* The site's katakana word for `word`, which the site lacks, or null. */
    function katakanaFor(word) {
      var words = katakanaWords();
      var loose = looseKana(word);
      if (words.has(loose)) return words.get(loose);
      if (loose.length < 4) return null;
      var found = null;
      words.forEach(function (site, siteLoose) {
        if (!found && oneEditApart(loose, siteLoose)) found = site;
      });
      return found;
    }

    /* The query with its slips mended (at the weight of the query as typed: the words as typed
       are not in the site), or null when there is nothing to mend. */
    function mended(query) {
      var text = siteKanji(fold(query));
      text = text.replace(KATAKANA_RUN, function (run) {
        /* A word of the site, or of the thesaurus (トレーニング stands for 研修). */
        if (present(run) || thesaurusWords.has(run)) return run;
        return katakanaFor(run) || run;
      });
      return text === fold(query) ? null : text;
    }

    /* Letters joined by hyphens or dots as typed (off-line, R.P.A., E-Mail): when the site
       writes them as one word (offline, RPA, email), that word is what was meant; else the
       pieces are searched as typed (e-government, deputy-mayor). Digits are left alone: 1.5 is
       not 15. */
    var JOINED = /\p{Script=Latin}+(?:[-\u2010\u2011.]\p{Script=Latin}+)+\.?/gu;

    function joined(query) {
      var changed = false;
      var text = fold(query).replace(JOINED, function (run) {
        var word = run.replace(/[-\u2010\u2011.]/g, "");
        var known = settings.lang === "ja" ? present(word) : index.postings.has(stem(word));
        if (word.length < 2 || !known) return run;
        changed = true;
        return word;
      });
      return changed ? text : null;
    }

    /* Every query to search for what was typed: its readings, each with its synonyms. */
    function allVariants(query) {
      var list = [];
      query = joined(query) || query;
      query = mended(query) || query;
      query = fromRomaji(query) || query;
      readingVariants(query).forEach(function (read, r) {
        variants(read.text).forEach(function (variant) {
          if (list.length >= MAX_VARIANTS) return;
          list.push({
            text: variant.text,
            weight: variant.weight * read.weight,
            /* What was typed, or the words its kana first read as: its pages lead. */
            primary: r === 0 && variant.text === read.text
          });
        });
      });
      return list;
    }

    /* Each variant ranked, then the pages merged: a page keeps its best score (and the terms
       that gave it, for highlighting). The pages that hold all of the query as typed stay first,
       in their order: a synonym adds answers, it never pushes a right one down. */
    function rankVariants(query) {
      var best = new Map(), terms = null;
      allVariants(query).forEach(function (variant, v) {
        var parsed = parseQuery(variant.text);
        if (!parsed.terms.length) return;
        if (!terms) terms = parsed.terms;
        var typed = v === 0 && variant.primary;
        rank(parsed).forEach(function (page) {
          var score = page.score * variant.weight;
          var known = best.get(page.article);
          if (known && (known.typed || known.coverage > page.coverage ||
              (known.coverage === page.coverage && known.score >= score))) return;
          page.score = score;
          page.terms = parsed.terms;
          page.typed = typed && page.coverage === 1;
          best.set(page.article, page);
        });
      });
      var pages = Array.from(best.values());
      pages.sort(function (a, b) {
        return (b.typed ? 1 : 0) - (a.typed ? 1 : 0) || b.coverage - a.coverage ||
          a.gathered - b.gathered || b.score - a.score || a.article - b.article;
      });
      return { pages: pages, terms: terms || [] };
    }

    /* The pages found for `query`, ranked: [{location, coverage, item}], `item` the best
       section as Material's dialog shows it (the other language's engine answers this). */
    function found(query, limit) {
      if (!index || typeof query !== "string") return [];
      query = cut(query);
      var ranked = rankVariants(query);
      return ranked.pages.slice(0, limit).map(function (page) {
        var entry = page.items[0];
        return {
          location: index.docs[page.article].location,
          coverage: page.coverage,
          item: renderItem(entry.doc, page.score, entry.mask, page.terms)
        };
      });
    }

    /* A pasted paragraph is searched by its beginning: every piece costs scans of the site. */
    function cut(query) {
      return Array.from(query).slice(0, MAX_QUERY).join("");
    }

    function search(query) {
      if (!index || typeof query !== "string") return { items: [] };
      query = cut(query);
      var ranked = rankVariants(query);
      var pages = ranked.pages;
      var parsed = { terms: ranked.terms };
      var items = pages.map(function (page, p) {
        if (p >= HIGHLIGHTED_PAGES) {
          /* Far down the list (broad queries on large sites): the page's title is enough. */
          var doc = index.docs[page.article];
          return [
            { location: doc.location, title: doc.titleHtml, text: "", score: page.score, terms: {} }
          ];
        }
        var group = page.items.map(function (entry) {
          var score = (page.score * entry.score) / page.items[0].score;
          return renderItem(entry.doc, score, entry.mask, page.terms);
        });
        /* Material renders each group under its page: add the page when only sections matched. */
        if (!page.items.some(function (entry) {
          return entry.doc === page.article;
        }))
          group.push(renderItem(page.article, 0, 0, []));
        return group;
      });
      /* Typed in another language only (leave no one behind on the Japanese site): its
         pages lead, for the few of the reader's pages holding those words merely quote them.
         Typed partly in another language: searched there when nothing here answers it whole. */
      var foreign = ownScript !== null && !ownScript.test(query);
      var whole = 0;
      while (whole < pages.length && pages[whole].coverage === 1) whole++;
      /* Typed in the other language and found on many pages here (RPA, ICT on the Japanese
         site), the words are the reader's too: no need of the other language. */
      if (!whole || (foreign && whole < QUOTED_PAGES))
        items = withOtherLanguages(query, pages, items, foreign, whole > 0);
      if (!items.length) return { items: [] };
      var result = { items: items };
      if (index.suggest) result.suggest = suggestions(parsed);
      return result;
    }

    /* -------------------------------------------------------------------------------------
     * The other language (step 3 of issue 19)
     *
     * A query holding words in another language's script (English on the Japanese site,
     * Japanese on the English one) that no page of the reader's language answers whole is
     * searched in that language's pages too. Its worker is loaded then, not before: a reader
     * never downloads the other index unless they type in its language. Each page found there
     * is listed as the page of the same ID in the reader's language, saying which words of the
     * other version matched (settings.other[lang].label), with the `lang` of that text.
     * ------------------------------------------------------------------------------------- */

    var otherLanguages = settings.other || {};
    var others = {}; /* language → its engine, once loaded; "loading" or "failed" before */

    function scriptPattern(names) {
      if (!Array.isArray(names) || !names.length) return null;
      try {
        return new RegExp(names.map(function (name) {
          return "\\p{Script=" + name + "}";
        }).join("|"), "u");
      } catch (error) {
        return null;
      }
    }

    Object.keys(otherLanguages).forEach(function (lang) {
      otherLanguages[lang].pattern = scriptPattern(otherLanguages[lang].scripts);
    });
    var ownScript = scriptPattern(settings.scripts);

    /* The engine of `lang`, loaded (see the worker's host below) and set up. */
    function adopt(engine) {
      var lang = engine.settings.lang;
      if (!Object.prototype.hasOwnProperty.call(otherLanguages, lang)) return;
      engine.handle({ type: SETUP, data: { docs: [] } });
      others[lang] = engine;
    }

    /* The reader's-language location of the page (or section) at `location` in `lang`. */
    function ownLocation(location, lang) {
      var prefixes = settings.prefixes || {};
      var from = prefixes[lang] || "";
      if (location.indexOf(from) !== 0) return null;
      var own = (prefixes[settings.lang] || "") + location.slice(from.length);
      if (index.byLocation.has(own)) return own;
      var page = own.split("#")[0];
      return index.byLocation.has(page) ? page : null;
    }

    /* The pages found in the other languages, as [{path, group, whole}]: `group` the page
       of the same ID in the reader's language as Material renders it, with a note. */
    function crossLanguage(query, answered) {
      var hits = [], listed = new Set();
      Object.keys(otherLanguages).forEach(function (lang) {
        var other = otherLanguages[lang];
        if (!other.pattern) return;
        /* The first letters of a word are no query: three Latin letters, or two characters
           of a script where two make a word (研修). */
        var letters = Array.from(query).filter(function (char) {
          return other.pattern.test(char);
        });
        var latin = (other.scripts || []).indexOf("Latin") >= 0;
        if (letters.length < (latin ? CROSS_LETTERS : CROSS_LETTERS - 1)) return;
        if (!others[lang]) {
          if (host && host.load && others[lang] === undefined) {
            others[lang] = "loading";
            /* Answered here already: load after this answer, then answer again. */
            host.load(lang, other.worker, function (ok) {
              if (!ok) others[lang] = "failed";
            }, answered);
          }
        }
        /* Still loading, or it could not be loaded: this language's pages alone. */
        if (typeof others[lang] !== "object") return;
        others[lang].found(query, CROSS_PAGES).forEach(function (hit) {
          var location = ownLocation(hit.location, lang);
          if (location === null) return;
          var path = location.split("#")[0];
          if (listed.has(path)) return;
          listed.add(path);
          var doc = index.docs[index.byLocation.get(location)];
          var code = escapeHtml(lang);
          var note = "<p>" + escapeHtml(String(other.label || "")) + " <span lang=\"" + code +
            "\">" + hit.item.title + "</span></p>";
          var text = hit.item.text.replace(/<p>/g, "<p lang=\"" + code + "\">");
          hits.push({
            path: path,
            whole: hit.coverage === 1,
            group: [{
              location: location,
              title: doc.titleHtml,
              text: note + text,
              score: hit.item.score,
              terms: {}
            }]
          });
        });
      });
      return hits;
    }

    /* The result groups `items` (of `pages`) with the other languages' pages merged in: those
       that answer the query whole first (in their order, and with the reader's own group for a
       page found in both when the query is `foreign`), then this language's, then the rest. */
    function withOtherLanguages(query, pages, items, foreign, answered) {
      var hits = crossLanguage(query, answered);
      if (!hits.length) return items;
      var own = new Map();
      pages.forEach(function (page, p) {
        own.set(index.docs[page.article].location.split("#")[0], p);
      });
      var first = [], used = new Set();
      hits.forEach(function (hit) {
        if (!hit.whole) return;
        if (own.has(hit.path)) {
          if (!foreign) return;
          used.add(own.get(hit.path));
          first.push(items[own.get(hit.path)]);
        } else {
          first.push(hit.group);
        }
      });
      var rest = items.filter(function (_, p) {
        return !used.has(p);
      });
      var last = hits.filter(function (hit) {
        return !hit.whole && !own.has(hit.path);
      }).map(function (hit) {
        return hit.group;
      });
      return first.concat(rest, last);
    }

    /* Material shows the last suggestion as a completion of the word being typed. */
    function suggestions(parsed) {
      var last = parsed.terms[parsed.terms.length - 1];
      if (!last || !last.prefix) return [];
      var found = completions(last.prefix, 1);
      return found.length ? found : [];
    }

    /* ---------------------------------------------------------------------------------------
     * Worker
     * ------------------------------------------------------------------------------------- */

    function handle(message) {
      switch (message && message.type) {
        case SETUP:
          index = buildIndex(message.data);
          index.suggest = !!(message.data && message.data.options && message.data.options.suggest);
          cache = new Map();
          seen = new Map();
          return { type: READY };
        case QUERY:
          try {
            return { type: RESULT, data: search(message.data) };
          } catch (error) {
            console.warn("Search failed for the query: " + message.data, error);
            return { type: RESULT, data: { items: [] } };
          }
        default:
          throw new TypeError("Invalid message type");
      }
    }

    /* The engine: for the worker, and for tests in a page (the same functions, no worker). */
    return {
      handle: handle,
      stem: stem,
      fold: fold,
      pieces: function (query) {
        return japanesePieces(fold(query)).map(function (piece) {
          return piece.join("");
        });
      },
      terms: function (query) {
        return index ? parseQuery(query).terms.map(function (term) {
          return { key: term.key, required: term.required };
        }) : [];
      },
      settings: settings,
      search: search,
      found: found,
      adopt: adopt,
      loaded: function (lang) {
        return typeof others[lang] === "object";
      }
    };

  }

  /*
   * The worker. The build wrote this language's settings and documents above the engine; the
   * other languages' workers are loaded into this one when a query asks for them
   * (crossLanguage): their engine then hands itself to this one instead of starting. In a
   * worker importScripts loads at once; in the iframe that stands in for one on file://
   * (iframe-worker) it returns a promise, and the newest query is answered again once loaded.
   */
  var here = scope.document && scope.document.currentScript && scope.document.currentScript.src
    ? scope.document.currentScript.src
    : scope.location && scope.location.href;
  var latest = null;

  var LOAD_TIMEOUT = 15000; /* ms: the iframe shim never reports a script that failed */

  var host = {
    /* Load the worker `file` of `lang`; done(ok) once its engine is adopted, or is not.
       `later`: after the answer being made, then answer the newest query again. */
    load: function (lang, file, done, later) {
      if (later) {
        setTimeout(function () {
          load(lang, file, done, true);
        }, 0);
      } else {
        load(lang, file, done, false);
      }
    }
  };

  function load(lang, file, done, answerAgain) {
    var url = file;
    try {
      url = new URL(file, here).href;
    } catch (error) {
      /* No address of its own (a test page): the file name, as it stands. */
    }
    var expecting = scope.__dxpExpecting || (scope.__dxpExpecting = {});
    expecting[lang] = true;
    var finished = false, waited = false;
    var finish = function () {
      if (finished) return;
      finished = true;
      delete expecting[lang];
      var ok = engine.loaded(lang);
      done(ok);
      if (ok && (answerAgain || waited) && latest) scope.postMessage(engine.handle(latest));
    };
    var loading;
    try {
      loading = scope.importScripts(url);
    } catch (error) {
      finish();
      return;
    }
    if (loading && typeof loading.then === "function") {
      waited = true;
      loading.then(finish, finish);
      setTimeout(finish, LOAD_TIMEOUT);
    } else {
      finish();
    }
  }

  var engine = createEngine(scope.__dxpSearch, scope.__dxpIndex, host);
  var main = scope.__dxpMain;
  var lang = engine.settings.lang;
  if (main && scope.__dxpExpecting && scope.__dxpExpecting[lang]) {
    main.adopt(engine);
    return;
  }
  /* Another language's worker that nobody waits for any more (it came too late): it must not
     answer this page's queries. */
  if (main && main.settings.lang !== lang) return;
  scope.__dxpMain = engine;
  scope.DxpSearch = engine;

  /*
   * Material sends a query on every keystroke and waits for nothing. A query that arrives
   * while an older one still waits its turn replaces it: only the newest gets an answer, so a
   * fast typist is never shown the results of what they typed a moment ago.
   */
  var pending = null;

  function answerPending() {
    var message = pending;
    pending = null;
    latest = message;
    scope.postMessage(engine.handle(message));
  }

  if (typeof scope.document === "undefined" || scope.parent !== scope) {
    scope.addEventListener("message", function (event) {
      if (event.data && event.data.type === QUERY) {
        if (pending === null) setTimeout(answerPending, 0);
        pending = event.data;
      } else {
        scope.postMessage(engine.handle(event.data));
      }
    });
  }
})(self);
