// jpprof's built-in viewer: decodes a pprof profile (gzip protobuf, as the endpoint serves it
// to go tool pprof) and draws a flame graph, a top table with go tool pprof -top's numbers, and a
// -base-style diff of two snapshots. Plain browser JavaScript, no dependencies, no build step.
// Every name reaches the page through textContent, never as markup.
'use strict';

(function () {
  // ---- protobuf: just enough of the wire format for profile.proto ----

  function Reader(bytes, start, end) {
    this.b = bytes;
    this.p = start || 0;
    this.end = end === undefined ? bytes.length : end;
  }
  Reader.prototype.more = function () { return this.p < this.end; };
  // A varint as [low 32 bits, high 32 bits], both unsigned.
  Reader.prototype.varint64 = function () {
    let lo = 0, hi = 0, shift = 0, byte;
    do {
      if (this.p >= this.end) throw new Error('truncated profile');
      byte = this.b[this.p++];
      if (shift < 28) lo |= (byte & 0x7f) << shift;
      else if (shift === 28) { lo |= (byte & 0x0f) << 28; hi |= (byte & 0x7f) >> 4; }
      else hi |= (byte & 0x7f) << (shift - 32);
      shift += 7;
    } while (byte & 0x80);
    return [lo >>> 0, hi >>> 0];
  };
  // int64 as a Number (exact up to 2^53, the range of any real profile value).
  Reader.prototype.int64 = function () {
    const [lo, hi] = this.varint64();
    if (hi & 0x80000000) {
      const nlo = (~lo + 1) >>> 0;
      const nhi = (~hi + (nlo === 0 ? 1 : 0)) >>> 0;
      return -(nhi * 4294967296 + nlo);
    }
    return hi * 4294967296 + lo;
  };
  Reader.prototype.uint = function () {
    const [lo, hi] = this.varint64();
    return hi * 4294967296 + lo;
  };
  Reader.prototype.skip = function (wire) {
    switch (wire) {
      case 0: this.varint64(); break;
      case 1: this.p += 8; break;
      case 2: { const n = this.uint(); this.p += n; break; }
      case 5: this.p += 4; break;
      default: throw new Error('bad wire type ' + wire);
    }
  };
  // Calls fn(field, wire, reader) for each field; length-delimited fields get a sub-reader.
  Reader.prototype.fields = function (fn) {
    while (this.more()) {
      const key = this.uint();
      const field = Math.floor(key / 8), wire = key & 7;
      if (wire === 2) {
        const n = this.uint();
        const sub = new Reader(this.b, this.p, this.p + n);
        this.p += n;
        fn(field, wire, sub);
      } else {
        const before = this.p;
        fn(field, wire, this);
        if (this.p === before) this.skip(wire);
      }
    }
  };
  // A repeated integer field, packed (wire 2) or not.
  function repeated(list, wire, r, read) {
    if (wire === 2) { while (r.more()) list.push(read.call(r)); } else list.push(read.call(r));
  }

  const utf8 = new TextDecoder('utf-8');

  function decodeProfile(bytes) {
    const p = { sampleTypes: [], samples: [], locations: new Map(), functions: new Map(),
      strings: [], comments: [], defaultSampleType: 0, periodType: null, period: 0,
      timeNanos: 0, durationNanos: 0 };
    const valueType = (r) => { const v = { type: 0, unit: 0 }; r.fields((f, w, s) => { if (f === 1) v.type = s.int64(); else if (f === 2) v.unit = s.int64(); }); return v; };
    new Reader(bytes).fields((f, w, r) => {
      switch (f) {
        case 1: p.sampleTypes.push(valueType(r)); break;
        case 2: {
          const s = { locs: [], values: [], labels: [] };
          r.fields((sf, sw, sr) => {
            if (sf === 1) repeated(s.locs, sw, sr, Reader.prototype.uint);
            else if (sf === 2) repeated(s.values, sw, sr, Reader.prototype.int64);
            else if (sf === 3) {
              const l = { key: 0, str: 0, num: null };
              sr.fields((lf, lw, lr) => { if (lf === 1) l.key = lr.int64(); else if (lf === 2) l.str = lr.int64(); else if (lf === 3) l.num = lr.int64(); });
              s.labels.push(l);
            }
          });
          p.samples.push(s);
          break;
        }
        case 4: {
          const loc = { id: 0, fns: [] };
          r.fields((lf, lw, lr) => {
            if (lf === 1) loc.id = lr.uint();
            else if (lf === 4) { let fn = 0; lr.fields((xf, xw, xr) => { if (xf === 1) fn = xr.uint(); }); loc.fns.push(fn); }
          });
          p.locations.set(loc.id, loc.fns);
          break;
        }
        case 5: {
          const fn = { id: 0, name: 0 };
          r.fields((ff, fw, fr) => { if (ff === 1) fn.id = fr.uint(); else if (ff === 2) fn.name = fr.int64(); });
          p.functions.set(fn.id, fn.name);
          break;
        }
        case 6: p.strings.push(utf8.decode(r.b.subarray(r.p, r.end))); break;
        case 9: p.timeNanos = r.int64(); break;
        case 10: p.durationNanos = r.int64(); break;
        case 11: p.periodType = valueType(r); break;
        case 12: p.period = r.int64(); break;
        case 13: repeated(p.comments, w, r, Reader.prototype.int64); break;
        case 14: p.defaultSampleType = r.int64(); break;
      }
    });
    const str = (i) => p.strings[i] || '';
    const fnNames = new Map();
    p.functions.forEach((nameIdx, id) => fnNames.set(id, str(nameIdx)));
    // Frames root first; a location's lines are innermost first, so they are reversed too.
    const stacks = p.samples.map((s) => {
      const frames = [];
      for (let i = s.locs.length - 1; i >= 0; i--) {
        const fns = p.locations.get(s.locs[i]) || [];
        for (let j = fns.length - 1; j >= 0; j--) frames.push(fnNames.get(fns[j]) || '?');
      }
      const labels = s.labels.filter((l) => l.num === null).map((l) => str(l.key) + '=' + str(l.str));
      return { frames: frames, values: s.values, labels: labels };
    });
    return {
      sampleTypes: p.sampleTypes.map((v) => ({ type: str(v.type), unit: str(v.unit) })),
      defaultSampleType: str(p.defaultSampleType),
      stacks: stacks,
      comments: p.comments.map(str),
      durationNanos: p.durationNanos,
    };
  }

  // An empty gzip member: header without optional fields, an empty final deflate block, zero
  // CRC and length. jpprof's long responses (profile?seconds, deltas) send one a second before
  // the profile, as Go's do; DecompressionStream reads one member only, so they are skipped here.
  function emptyMemberAt(b, i) {
    if (b.length - i < 20 || b[i] !== 0x1f || b[i + 1] !== 0x8b || b[i + 2] !== 8 || b[i + 3] !== 0) return false;
    if (b[i + 10] !== 3 || b[i + 11] !== 0) return false;
    for (let j = 12; j < 20; j++) if (b[i + j] !== 0) return false;
    return true;
  }

  async function gunzip(buffer) {
    let bytes = new Uint8Array(buffer);
    let start = 0;
    while (emptyMemberAt(bytes, start)) start += 20;
    bytes = bytes.subarray(start);
    if (bytes.length < 2 || bytes[0] !== 0x1f || bytes[1] !== 0x8b) return bytes; // plain proto
    const stream = new Blob([bytes]).stream().pipeThrough(new DecompressionStream('gzip'));
    return new Uint8Array(await new Response(stream).arrayBuffer());
  }

  // ---- go tool pprof's numbers ----

  const UNITS = {
    bytes: [['B', 1], ['kB', 1024], ['MB', 1 << 20], ['GB', 1 << 30], ['TB', 2 ** 40], ['PB', 2 ** 50]],
    nanoseconds: [['ns', 1], ['us', 1e3], ['ms', 1e6], ['s', 1e9], ['hrs', 3600e9]],
  };
  UNITS.byte = UNITS.bytes; UNITS.b = UNITS.bytes;
  UNITS.ns = UNITS.nanoseconds; UNITS.nanosecond = UNITS.nanoseconds;

  // measurement.ScaledLabel(v, unit, "minimum")
  function scaled(value, unit) {
    const units = UNITS[String(unit).toLowerCase()];
    let v = value, suffix = '';
    if (units) {
      const a = Math.abs(value);
      let f = 0;
      for (const [name, factor] of units) if (factor >= f && a / factor >= 1) { f = factor; suffix = name; }
      if (f === 0) { f = units === UNITS.nanoseconds ? 1e9 : 1; suffix = units === UNITS.nanoseconds ? 's' : 'B'; }
      v = value / f;
    } else if (!['count', 'sample', 'unit', ''].includes(unit)) {
      suffix = unit;
    }
    let s = v.toFixed(2);
    if (s.endsWith('.00')) s = s.slice(0, -3);
    if (s === '0' || s === '-0') return '0';
    return s + suffix;
  }

  // measurement.Percentage
  function percent(value, total) {
    const ratio = total !== 0 ? Math.abs(value / total) * 100 : 0;
    if (ratio >= 99.95 && ratio <= 100.05) return '100%';
    if (ratio >= 1) return ratio.toFixed(2) + '%';
    if (ratio === 0) return '0%';
    return goG2(ratio) + '%';
  }
  // fmt's %.2g for 0 < x < 1
  function goG2(x) {
    const e = Math.floor(Math.log10(x));
    if (e < -4) return x.toExponential(1).replace(/e([+-])(\d)$/, 'e$10$2');
    return String(Number(x.toPrecision(2)));
  }

  // Samples as the views use them: frames root first, one value (the chosen sample type), a base
  // flag for diff snapshots (values negated), and string labels "key=value".
  function samplesOf(profile, index, negate) {
    return profile.stacks.map((s) => ({ frames: s.frames, value: negate ? -(s.values[index] || 0) : (s.values[index] || 0),
      base: !!negate, labels: s.labels }));
  }

  // report.computeTotal: sum of |value|; with a base, the base's total.
  function totalOf(samples) {
    let total = 0, baseTotal = 0;
    for (const s of samples) { total += Math.abs(s.value); if (s.base) baseTotal += Math.abs(s.value); }
    return baseTotal > 0 ? baseTotal : total;
  }

  // graph.New at function granularity, then newTrimmedGraph's node cut-off and FlatNameOrder:
  // flat goes to the leaf, cum once per sample to every function on the stack (even recursive).
  function topRows(samples, nodeFraction) {
    const nodes = new Map();
    const node = (name) => { let n = nodes.get(name); if (!n) { n = { name: name, flat: 0, cum: 0 }; nodes.set(name, n); } return n; };
    for (const s of samples) {
      if (s.frames.length === 0) continue;
      const seen = new Set();
      for (const f of s.frames) if (!seen.has(f)) { seen.add(f); node(f).cum += s.value; }
      node(s.frames[s.frames.length - 1]).flat += s.value;
    }
    let flatSum = 0;
    nodes.forEach((n) => { flatSum += n.flat; });
    const cutoff = Math.abs(Math.trunc(flatSum * nodeFraction));
    const rows = [];
    let dropped = 0;
    nodes.forEach((n) => { if (cutoff > 0 && Math.abs(n.cum) < cutoff) dropped++; else rows.push(n); });
    rows.sort(flatOrder);
    return { rows: rows, dropped: dropped, cutoff: cutoff };
  }
  function flatOrder(a, b) {
    return Math.abs(b.flat) - Math.abs(a.flat) || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0) || Math.abs(b.cum) - Math.abs(a.cum);
  }
  function cumOrder(a, b) {
    return Math.abs(b.cum) - Math.abs(a.cum) || Math.abs(b.flat) - Math.abs(a.flat) || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0);
  }

  // A call tree, root first. size: sum of |net value| of the distinct stacks below (so a diff
  // shows growth and shrink side by side); value: the signed net sum; self: net value ending here.
  function flameTree(samples) {
    const byStack = new Map();
    for (const s of samples) {
      const key = s.frames.join('\n');
      const e = byStack.get(key);
      if (e) e.value += s.value; else byStack.set(key, { frames: s.frames, value: s.value });
    }
    const root = { name: 'root', size: 0, value: 0, self: 0, children: new Map(), parent: null, depth: 0 };
    byStack.forEach((e) => {
      if (e.value === 0) return;
      const size = Math.abs(e.value);
      let n = root;
      n.size += size; n.value += e.value;
      for (const f of e.frames) {
        let c = n.children.get(f);
        if (!c) { c = { name: f, size: 0, value: 0, self: 0, children: new Map(), parent: n, depth: n.depth + 1 }; n.children.set(f, c); }
        c.size += size; c.value += e.value;
        n = c;
      }
      n.self += e.value;
    });
    return root;
  }

  // ---- the page ----

  const $ = (id) => document.getElementById(id);
  const body = document.body;
  const profileName = body.dataset.profile;
  const root = body.dataset.root;
  const params = new URLSearchParams(location.search);
  const UI_PARAMS = ['sample', 'tagfocus', 'diff', 'debug'];

  const state = { source: profileName, diffText: '', profile: null, base: null, index: 0, samples: [], total: 0, top: null, tree: null,
    zoom: null, search: null, sort: 'flat', diff: false, byName: new Map() };

  function status(text, isError) {
    const el = $('status');
    el.textContent = text;
    el.classList.toggle('error', !!isError);
  }

  function endpointUrl(extra) {
    const q = new URLSearchParams();
    params.forEach((v, k) => { if (!UI_PARAMS.includes(k)) q.set(k, v); });
    if (extra) Object.entries(extra).forEach(([k, v]) => q.set(k, v));
    const path = profileName.split('/').map(encodeURIComponent).join('/');
    const qs = q.toString();
    return root + path + (qs ? '?' + qs : '');
  }

  async function fetchProfile(url) {
    const resp = await fetch(url, { cache: 'no-store', credentials: 'same-origin' });
    const buffer = await resp.arrayBuffer();
    if (!resp.ok) {
      throw new Error(resp.status + ': ' + new TextDecoder().decode(buffer).trim());
    }
    return decodeProfile(await gunzip(buffer));
  }

  const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

  async function load() {
    if (!profileName) return;
    const seconds = params.get('seconds');
    const diff = parseInt(params.get('diff') || '', 10);
    try {
      if (diff > 0) {
        if (profileName === 'profile') throw new Error('a CPU profile already covers a window: use seconds, not diff');
        status('Diff: first snapshot…');
        const base = await fetchProfile(endpointUrl());
        for (let left = diff; left > 0; left--) {
          status('Diff: second snapshot in ' + left + ' s…');
          await sleep(1000);
        }
        const now = await fetchProfile(endpointUrl());
        state.base = base;
        state.profile = now;
        state.diff = true;
        state.diffText = 'diff over ' + diff + ' s';
      } else {
        status(seconds ? 'Collecting ' + profileName + ' for ' + seconds + ' s…' :
          profileName === 'profile' ? 'Collecting a CPU profile for 30 s (add seconds=N to change)…' : 'Loading ' + profileName + '…');
        state.profile = await fetchProfile(endpointUrl());
      }
    } catch (e) {
      status('Cannot load ' + profileName + ': ' + e.message, true);
      return;
    }
    setUpPickers();
    render();
    if (profileName === 'goroutine' && !state.diff) loadDump();
  }

  // Saved profiles (go tool pprof -proto …, or a download of any endpoint): one alone, or a
  // base and a newer one for a diff, as go tool pprof -base base.pb.gz new.pb.gz.
  async function loadFiles() {
    const f = $('file').files[0];
    const b = $('base-file').files[0];
    if (!f) { status(b ? 'Choose the newer profile too (Open file)' : ''); return; }
    try {
      state.profile = decodeProfile(await gunzip(await f.arrayBuffer()));
      state.base = b ? decodeProfile(await gunzip(await b.arrayBuffer())) : null;
    } catch (e) {
      status('Cannot read ' + f.name + ': ' + e.message, true);
      return;
    }
    state.diff = !!b;
    state.diffText = b ? '-base ' + b.name : '';
    state.source = f.name;
    $('dump-section').hidden = true;
    setUpPickers();
    render();
  }

  async function loadDump() {
    try {
      const resp = await fetch(root + 'goroutine?debug=2', { cache: 'no-store', credentials: 'same-origin' });
      $('dump').textContent = await resp.text();
      $('dump-section').hidden = false;
    } catch (e) {
      $('dump').textContent = 'cannot load the thread dump: ' + e.message;
    }
  }

  function setUpPickers() {
    const p = state.profile;
    const select = $('sample');
    select.replaceChildren();
    p.sampleTypes.forEach((t, i) => select.append(new Option(t.type + ' (' + t.unit + ')', t.type)));
    const wanted = params.get('sample') || p.defaultSampleType;
    let index = p.sampleTypes.findIndex((t) => t.type === wanted);
    if (index < 0) index = p.sampleTypes.length - 1;
    state.index = index;
    select.selectedIndex = index;

    const counts = new Map();
    const all = state.base ? p.stacks.concat(state.base.stacks) : p.stacks;
    for (const s of all) for (const l of s.labels) counts.set(l, (counts.get(l) || 0) + 1);
    const tag = $('tagfocus');
    tag.replaceChildren(new Option('all samples', ''));
    Array.from(counts.keys()).sort().forEach((l) => tag.append(new Option(l + ' (' + counts.get(l) + ')', l)));
    tag.value = params.get('tagfocus') || '';
  }

  function render() {
    const p = state.profile;
    const focus = $('tagfocus').value;
    let samples = samplesOf(p, state.index, false);
    if (state.base) samples = samplesOf(state.base, state.index, true).concat(samples);
    if (focus) samples = samples.filter((s) => s.labels.includes(focus));
    state.samples = samples;
    state.total = totalOf(samples);
    state.top = topRows(samples, 0.005);
    state.byName = new Map(state.top.rows.map((r) => [r.name, r]));
    state.tree = flameTree(samples);
    state.zoom = state.tree;
    state.unit = (p.sampleTypes[state.index] || {}).unit || 'count';
    const type = (p.sampleTypes[state.index] || {}).type || '';
    let text = state.source + ' · ' + type + ' · total ' + scaled(state.total, state.unit) +
      ' · ' + state.top.rows.length + ' functions';
    if (state.top.dropped) text += ' (dropped ' + state.top.dropped + ' with cum <= ' + scaled(state.top.cutoff, state.unit) + ')';
    let cut = 0;
    for (const s of samples) if (s.frames.includes('[truncated]')) cut += Math.abs(s.value);
    if (cut) text += ' · ' + percent(cut, state.total) + ' in cut stacks ([truncated]: deeper than JFR\'s stackdepth)';
    if (state.diff) text += ' · ' + state.diffText + ': red grew, green shrank (percentages of the first snapshot, as -base)';
    status(text);
    renderDiffSummary();
    $('flame-section').hidden = false;
    $('top-section').hidden = false;
    drawFlame();
    drawTop();
  }

  function renderDiffSummary() {
    const el = $('diff-summary');
    el.replaceChildren();
    if (!state.diff) return;
    let grow = null, shrink = null;
    for (const r of state.top.rows) {
      if (r.flat > 0 && (!grow || r.flat > grow.flat)) grow = r;
      if (r.flat < 0 && (!shrink || r.flat < shrink.flat)) shrink = r;
    }
    const part = (label, r, cls) => {
      const s = document.createElement('span');
      s.className = cls;
      s.id = cls;
      s.textContent = label + (r ? r.name + ' ' + (r.flat > 0 ? '+' : '') + scaled(r.flat, state.unit) : 'none');
      return s;
    };
    el.append(part('Largest growth: ', grow, 'growth'), ' · ', part('largest shrink: ', shrink, 'shrink'));
  }

  // ---- flame graph: DOM boxes, so names are text (searchable, copyable, read by screen readers) ----

  const ROW = 18;

  function drawFlame() {
    const flame = $('flame');
    flame.replaceChildren();
    const width = flame.clientWidth || 1000;
    const zoom = state.zoom;
    const re = state.search;
    const boxes = [];
    let maxDepth = 0;
    // the path above the zoomed frame, full width
    const path = [];
    for (let n = zoom; n; n = n.parent) path.unshift(n);
    path.forEach((n) => { boxes.push([n, 0, width, true]); maxDepth = Math.max(maxDepth, n.depth); });
    const scale = zoom.size > 0 ? width / zoom.size : 0;
    const walk = (n, x) => {
      let cx = x;
      const kids = Array.from(n.children.values()).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
      for (const c of kids) {
        const w = c.size * scale;
        if (w >= 0.5) {
          boxes.push([c, cx, w, false]);
          maxDepth = Math.max(maxDepth, c.depth);
          walk(c, cx);
        }
        cx += w;
      }
    };
    walk(zoom, 0);
    const frag = document.createDocumentFragment();
    let matched = 0;
    const countedMatch = new Set();
    for (const [n, x, w, ancestor] of boxes) {
      const div = document.createElement('div');
      div.className = 'frame' + (ancestor && n !== zoom ? ' ancestor' : '');
      div.textContent = n.name;
      div.style.left = x + 'px';
      div.style.width = Math.max(w - 1, 0.5) + 'px';
      div.style.top = n.depth * ROW + 'px';
      const c = color(n);
      div.style.backgroundColor = c;
      if (re && re.test(n.name)) {
        div.classList.add('match');
        // count each matched subtree once (its topmost match)
        let covered = false;
        for (let a = n.parent; a; a = a.parent) if (countedMatch.has(a)) { covered = true; break; }
        countedMatch.add(n);
        if (!covered && !ancestor) matched += n.size;
      }
      div.frameNode = n;
      frag.append(div);
    }
    flame.style.height = (maxDepth + 1) * ROW + 'px';
    flame.append(frag);
    if (re) {
      const base = zoom.size || 1;
      $('status').dataset.match = '';
      status($('status').textContent.replace(/ · matched .*$/, '') + ' · matched ' + percent(matched, base) + ' of the view');
    }
  }

  function hash(s) {
    let h = 0;
    for (let i = 0; i < s.length; i++) h = (h * 31 + s.charCodeAt(i)) | 0;
    return h >>> 0;
  }

  function color(n) {
    if (n.depth === 0) return 'hsl(0, 0%, 80%)';
    if (state.diff) {
      if (n.value === 0 || n.size === 0) return 'hsl(0, 0%, 82%)';
      const strength = Math.min(1, Math.abs(n.value) / n.size);
      const light = 88 - 38 * strength;
      return n.value > 0 ? 'hsl(0, 75%, ' + light + '%)' : 'hsl(130, 55%, ' + light + '%)';
    }
    // pprof-like warm palette; JDK frames a little cooler
    const h = hash(n.name);
    const jdk = /^(java|javax|jdk|sun|com\.sun)\./.test(n.name);
    return jdk ? 'hsl(' + (25 + h % 20) + ', 55%, ' + (72 + h % 10) + '%)' : 'hsl(' + (h % 40) + ', 80%, ' + (62 + h % 14) + '%)';
  }

  function tooltipText(n) {
    const lines = [n.name];
    const u = state.unit;
    const sign = (v) => (state.diff && v > 0 ? '+' : '') + scaled(v, u);
    lines.push('this frame: ' + sign(n.value) + ' (' + percent(n.value, state.total) + '), self ' + sign(n.self));
    const row = state.byName.get(n.name);
    if (row) lines.push('function: flat ' + sign(row.flat) + ' (' + percent(row.flat, state.total) + '), cum ' + sign(row.cum) + ' (' + percent(row.cum, state.total) + ')');
    return lines.join('\n');
  }

  function setUpFlameEvents() {
    const flame = $('flame');
    const tip = $('tooltip');
    flame.addEventListener('mousemove', (e) => {
      const n = e.target.frameNode;
      if (!n) { tip.hidden = true; return; }
      tip.textContent = tooltipText(n);
      tip.hidden = false;
      const x = Math.min(e.pageX + 12, document.documentElement.scrollWidth - tip.offsetWidth - 8);
      tip.style.left = x + 'px';
      tip.style.top = (e.pageY + 16) + 'px';
    });
    flame.addEventListener('mouseleave', () => { tip.hidden = true; });
    flame.addEventListener('click', (e) => {
      const n = e.target.frameNode;
      if (!n) return;
      state.zoom = n;
      drawFlame();
    });
    $('reset').addEventListener('click', () => { state.zoom = state.tree; drawFlame(); });
    document.addEventListener('keydown', (e) => { if (e.key === 'Escape' && state.tree) { state.zoom = state.tree; drawFlame(); } });
    let resizeTimer = 0;
    window.addEventListener('resize', () => { clearTimeout(resizeTimer); resizeTimer = setTimeout(() => state.tree && drawFlame(), 100); });
  }

  // ---- top table ----

  function drawTop() {
    const rows = state.top.rows.slice();
    const key = state.sort;
    if (key === 'cum') rows.sort(cumOrder);
    else if (key === 'name') rows.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    else rows.sort(flatOrder);
    document.querySelectorAll('#top th').forEach((th) => {
      th.setAttribute('aria-sort', th.dataset.key === key ? (key === 'name' ? 'ascending' : 'descending') : 'none');
    });
    const tbody = document.querySelector('#top tbody');
    const frag = document.createDocumentFragment();
    const u = state.unit, total = state.total;
    let sum = 0;
    const re = state.search;
    for (const r of rows) {
      sum += r.flat;
      const tr = document.createElement('tr');
      const cells = [scaled(r.flat, u), percent(r.flat, total), percent(sum, total), scaled(r.cum, u), percent(r.cum, total), r.name];
      cells.forEach((text, i) => {
        const td = document.createElement('td');
        td.textContent = text;
        if (i < 5) td.className = 'num';
        tr.append(td);
      });
      if (state.diff) tr.className = r.flat > 0 ? 'growth' : r.flat < 0 ? 'shrink' : '';
      if (re && re.test(r.name)) tr.classList.add('match');
      tr.dataset.name = r.name;
      frag.append(tr);
    }
    tbody.replaceChildren(frag);
  }

  function setUpTableEvents() {
    document.querySelectorAll('#top th').forEach((th) => {
      th.tabIndex = 0;
      const sort = () => { state.sort = th.dataset.key; if (state.top) drawTop(); };
      th.addEventListener('click', sort);
      th.addEventListener('keydown', (e) => { if (e.key === 'Enter' || e.key === ' ') { e.preventDefault(); sort(); } });
    });
    document.querySelector('#top tbody').addEventListener('click', (e) => {
      const tr = e.target.closest('tr');
      if (!tr) return;
      const name = tr.dataset.name;
      $('search').value = '^' + name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&') + '$';
      applySearch();
    });
  }

  function applySearch() {
    const text = $('search').value;
    try {
      state.search = text ? new RegExp(text) : null;
      $('search').setCustomValidity('');
    } catch (e) {
      $('search').setCustomValidity('not a regular expression');
      return;
    }
    if (state.tree) { status($('status').textContent.replace(/ · matched .*$/, '')); drawFlame(); drawTop(); }
  }

  // ---- controls: deep links are the state ----

  function setUpControls() {
    const seconds = $('seconds');
    seconds.value = params.get('seconds') || '';
    if (params.get('diff')) $('diff').value = params.get('diff');
    const supportsDiff = profileName && profileName !== 'profile';
    $('diff-start').disabled = !supportsDiff;
    const go = (extra) => {
      const picked = $('profile').value;
      const q = new URLSearchParams();
      if (picked === profileName) params.forEach((v, k) => { if (!['seconds', 'diff'].includes(k)) q.set(k, v); });
      let secs = seconds.value;
      if (picked === 'profile' && !secs) secs = '10';
      if (secs) q.set('seconds', secs);
      if (extra) Object.entries(extra).forEach(([k, v]) => { if (v) q.set(k, v); else q.delete(k); });
      const depth = profileName ? profileName.split('/').length - 1 : 0;
      const uiRoot = '../'.repeat(depth) || './';
      const path = picked.split('/').map(encodeURIComponent).join('/');
      location.assign(uiRoot + path + (q.toString() ? '?' + q : ''));
    };
    $('controls').addEventListener('submit', (e) => { e.preventDefault(); go({ diff: '' }); });
    $('profile').addEventListener('change', () => { seconds.value = ''; go({ diff: '', sample: '', tagfocus: '' }); });
    $('diff-start').addEventListener('click', () => { seconds.value = ''; go({ diff: $('diff').value || '10' }); });
    const keep = (key, value) => {
      if (value) params.set(key, value); else params.delete(key);
      history.replaceState(null, '', location.pathname + (params.toString() ? '?' + params : ''));
    };
    $('sample').addEventListener('change', () => {
      state.index = $('sample').selectedIndex;
      keep('sample', $('sample').value);
      render();
    });
    $('tagfocus').addEventListener('change', () => { keep('tagfocus', $('tagfocus').value); render(); });
    // views the endpoint draws: the allocated or locked class as leaf (types=1), the thread as root (bythread=1)
    const toggles = { types: ['heap', 'allocs', 'block', 'mutex'], bythread: ['profile', 'wall', 'fgprof', 'block', 'mutex'] };
    Object.entries(toggles).forEach(([key, profiles]) => {
      const box = $(key);
      box.checked = params.get(key) === '1';
      box.disabled = !profiles.includes(profileName);
      box.addEventListener('change', () => go({ [key]: box.checked ? '1' : '' }));
    });
    $('search').addEventListener('input', applySearch);
    $('file').addEventListener('change', loadFiles);
    $('base-file').addEventListener('change', loadFiles);
  }

  setUpControls();
  setUpFlameEvents();
  setUpTableEvents();
  load();
})();
