/**
 * The style and script of the HTML report (src/render/html.ts). The script
 * reads the report's data from its JSON script element and draws, per
 * target, the graph (workloads in namespace boxes; namespaces alone when
 * more than 150 workloads are shown) and the tables, with filters. Text is
 * only ever set as text, never parsed as HTML.
 */

export const HTML_STYLE = `
body { font: 14px/1.4 -apple-system, "Segoe UI", Helvetica, Arial, sans-serif; margin: 0; color: #1f2328; background: #fff; }
header { padding: 12px 20px; border-bottom: 1px solid #d0d7de; background: #f6f8fa; }
h1 { font-size: 18px; margin: 0; }
h2 { font-size: 16px; margin: 20px 0 8px; }
main { padding: 0 20px 40px; }
section.target { border-bottom: 1px solid #d0d7de; padding-bottom: 16px; }
.verdict { font-weight: 600; margin: 12px 0; }
.filters { display: flex; flex-wrap: wrap; gap: 8px; align-items: center; margin: 8px 0; }
.filters input, .filters select { font: inherit; padding: 3px 6px; }
.graph { border: 1px solid #d0d7de; overflow: auto; max-height: 640px; background: #fff; }
.caption { color: #57606a; font-size: 12px; margin: 4px 0; }
.legend span { display: inline-block; margin-right: 14px; font-size: 12px; }
.legend i { display: inline-block; width: 22px; height: 0; border-top: 3px solid; vertical-align: middle; margin-right: 4px; }
table { border-collapse: collapse; margin: 6px 0; }
th, td { border: 1px solid #d0d7de; padding: 3px 6px; text-align: left; vertical-align: top; font-size: 13px; }
th { background: #f6f8fa; }
table.matrix td { font-size: 11px; white-space: nowrap; }
table.matrix td.on { background: #dafbe1; }
td.added { color: #1a7f37; } td.removed { color: #cf222e; } td.changed { color: #9a6700; }
details pre { margin: 4px 0; white-space: pre-wrap; font-size: 12px; }
button { font: inherit; margin: 6px 0; }
.cluster rect { fill: #f6f8fa; stroke: #8c959f; }
.cluster text { font-size: 12px; font-weight: 600; fill: #57606a; }
.node rect { fill: #fff; stroke: #57606a; }
.node.external rect { stroke-dasharray: 4 2; }
.node text { font-size: 11px; fill: #1f2328; }
.edge { fill: none; stroke-width: 1.5; opacity: 0.8; }
.edge.removed { stroke-dasharray: 5 3; }
`;

export const HTML_SCRIPT = String.raw`
(function () {
  'use strict';
  var data = JSON.parse(document.getElementById('reachdiff-data').textContent);
  var app = document.getElementById('app');
  var SVG = 'http://www.w3.org/2000/svg';
  var COLOURS = { added: '#2da44e', removed: '#cf222e', changed: '#bf8700', list: '#57606a' };
  var WORDS = { added: 'opened', removed: 'closed', changed: 'changed' };
  var GRAPH_NODES = 150;
  var PAGE = 500;
  var MATRIX = 60;

  function el(tag, attrs, children) {
    var e = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (k) { e.setAttribute(k, attrs[k]); });
    (children || []).forEach(function (c) { e.appendChild(typeof c === 'string' ? document.createTextNode(c) : c); });
    return e;
  }
  function svg(tag, attrs, text) {
    var e = document.createElementNS(SVG, tag);
    Object.keys(attrs || {}).forEach(function (k) { e.setAttribute(k, attrs[k]); });
    if (text !== undefined) e.textContent = text;
    return e;
  }
  function isExternal(id) { return id.slice(-10) === '[External]'; }
  function nsOf(id) { return isExternal(id) ? '' : id.slice(0, id.indexOf('/')); }
  function shortName(id) { return isExternal(id) ? id.slice(0, -10) : id.slice(id.indexOf('/') + 1); }
  function nsName(ns) { return ns === '' ? 'external addresses' : 'namespace ' + ns; }
  function natural(a, b) { return a.localeCompare(b, 'en', { numeric: true }); }
  function contains(text, needle) { return needle === '' || text.toLowerCase().indexOf(needle) >= 0; }
  function debounce(f) { var t; return function () { clearTimeout(t); t = setTimeout(f, 120); }; }
  function options(select, values, first) {
    select.appendChild(el('option', { value: '' }, [first]));
    values.forEach(function (v) { select.appendChild(el('option', { value: v }, [v === '' ? '(external)' : v])); });
  }

  /** nodes: ids; edges: {src, dst, type, label}. More nodes than GRAPH_NODES: one node per namespace. */
  function drawGraph(box, nodeIds, edges, total) {
    box.textContent = '';
    var byNs = {};
    var aggregate = nodeIds.length > GRAPH_NODES;
    var caption = aggregate
      ? nodeIds.length + ' workloads and ranges: one node per namespace, edges counted; filter to see workloads.'
      : nodeIds.length + ' workloads and ranges, ' + edges.length + ' edges' + (total > edges.length ? ' (of ' + total + ')' : '') + '.';
    var ids = nodeIds;
    if (aggregate) {
      var seen = {};
      ids = [];
      nodeIds.forEach(function (id) { var ns = nsOf(id); if (!seen[ns]) { seen[ns] = 0; ids.push('ns:' + ns); } seen[ns]++; });
      var agg = {};
      edges.forEach(function (e) {
        var k = nsOf(e.src) + '\u0000' + nsOf(e.dst) + '\u0000' + e.type;
        if (!agg[k]) agg[k] = { src: 'ns:' + nsOf(e.src), dst: 'ns:' + nsOf(e.dst), type: e.type, count: 0 };
        agg[k].count++;
      });
      edges = Object.keys(agg).map(function (k) { var a = agg[k]; return { src: a.src, dst: a.dst, type: a.type, label: a.count + ' ' + (a.type === 'list' ? 'pairs' : WORDS[a.type]) }; });
      ids.forEach(function (id) { byNs[id.slice(3)] = [id]; });
      box.counts = seen;
    } else {
      ids.forEach(function (id) { var ns = nsOf(id); (byNs[ns] = byNs[ns] || []).push(id); });
    }
    var namespaces = Object.keys(byNs).sort(natural);
    var cols = Math.max(1, Math.ceil(Math.sqrt(namespaces.length)));
    var W = 240, ROW = 24, GAP = 60;
    var pos = {};
    var clusters = [];
    var y = 10, rowHeight = 0;
    namespaces.forEach(function (ns, i) {
      var col = i % cols;
      if (col === 0 && i > 0) { y += rowHeight + GAP; rowHeight = 0; }
      var list = byNs[ns].sort(natural);
      var h = 30 + ROW * list.length;
      var x = 10 + col * (W + GAP);
      clusters.push({ ns: ns, x: x, y: y, h: h, list: list });
      list.forEach(function (id, j) { pos[id] = { x: x + 10, y: y + 26 + j * ROW, w: W - 20, h: ROW - 6 }; });
      rowHeight = Math.max(rowHeight, h);
    });
    var width = 20 + cols * (W + GAP), height = y + rowHeight + 20;
    var root = svg('svg', { width: width, height: height, viewBox: '0 0 ' + width + ' ' + height, role: 'img' });
    var defs = svg('defs');
    Object.keys(COLOURS).forEach(function (k) {
      var m = svg('marker', { id: 'arrow-' + k, viewBox: '0 0 10 10', refX: 10, refY: 5, markerWidth: 7, markerHeight: 7, orient: 'auto-start-reverse' });
      m.appendChild(svg('path', { d: 'M 0 0 L 10 5 L 0 10 z', fill: COLOURS[k] }));
      defs.appendChild(m);
    });
    root.appendChild(defs);
    clusters.forEach(function (c) {
      var g = svg('g', { 'class': 'cluster', 'data-ns': c.ns });
      g.appendChild(svg('rect', { x: c.x, y: c.y, width: W, height: c.h, rx: 6 }));
      g.appendChild(svg('text', { x: c.x + 8, y: c.y + 17 }, nsName(c.ns)));
      root.appendChild(g);
    });
    var edgeLayer = svg('g', { 'class': 'edges' });
    root.appendChild(edgeLayer);
    clusters.forEach(function (c) {
      c.list.forEach(function (id) {
        var p = pos[id];
        var g = svg('g', { 'class': 'node' + (isExternal(id) ? ' external' : ''), 'data-id': id });
        g.appendChild(svg('rect', { x: p.x, y: p.y, width: p.w, height: p.h, rx: 4 }));
        var label = aggregate ? nsName(id.slice(3)) + ' (' + box.counts[id.slice(3)] + ')' : shortName(id);
        g.appendChild(svg('text', { x: p.x + 6, y: p.y + 13 }, label.length > 38 ? label.slice(0, 37) + '…' : label));
        g.appendChild(svg('title', {}, aggregate ? nsName(id.slice(3)) : id));
        root.appendChild(g);
      });
    });
    edges.forEach(function (e) {
      var a = pos[e.src], b = pos[e.dst];
      if (!a || !b) return;
      var x1 = a.x + a.w, y1 = a.y + a.h / 2, x2 = b.x, y2 = b.y + b.h / 2;
      if (a === b) { x2 = a.x + a.w; y2 = a.y + a.h; }
      var mx = (x1 + x2) / 2 + (y2 - y1) * 0.15, my = (y1 + y2) / 2 - (x2 - x1) * 0.15 - (a.x === b.x ? 20 : 0);
      if (a.x === b.x) { mx = a.x + a.w + 30 + Math.abs(y2 - y1) * 0.2; my = (y1 + y2) / 2; }
      var path = svg('path', { 'class': 'edge ' + e.type, d: 'M ' + x1 + ' ' + y1 + ' Q ' + mx + ' ' + my + ' ' + x2 + ' ' + y2, stroke: COLOURS[e.type], 'marker-end': 'url(#arrow-' + e.type + ')', 'data-src': e.src, 'data-dst': e.dst, 'data-type': e.type });
      path.appendChild(svg('title', {}, e.src + ' → ' + e.dst + ': ' + e.label));
      edgeLayer.appendChild(path);
    });
    box.appendChild(root);
    return caption;
  }

  function legend(types) {
    return el('div', { 'class': 'legend' }, types.map(function (t) {
      var i = el('i', { style: 'border-color:' + COLOURS[t] + (t === 'removed' ? ';border-top-style:dashed' : '') });
      return el('span', {}, [i, t === 'list' ? 'may connect (hover an edge for its connections)' : WORDS[t]]);
    }));
  }

  function pager(table, rows, render) {
    var shown = 0;
    var more = el('button', { type: 'button' }, ['Show more']);
    function next() {
      rows.slice(shown, shown + PAGE).forEach(function (r) { table.appendChild(render(r)); });
      shown = Math.min(rows.length, shown + PAGE);
      more.hidden = shown >= rows.length;
      more.textContent = 'Show ' + Math.min(PAGE, rows.length - shown) + ' more of ' + (rows.length - shown);
    }
    more.addEventListener('click', next);
    next();
    return more;
  }

  function listView(t) {
    var section = el('section', { 'class': 'target list' });
    var pairs = 0;
    t.nodes.forEach(function (n, i) { if (t.rowOf[i] >= 0) pairs += t.rows[t.rowOf[i]].length / 2; });
    var externals = t.nodes.filter(function (n) { return isExternal(n.id); }).length;
    section.appendChild(el('p', { 'class': 'verdict' }, [(t.nodes.length - externals) + ' workloads, ' + externals + ' external ranges, ' + pairs + ' pairs that may connect']));
    var text = el('input', { type: 'search', placeholder: 'source or destination contains…', 'data-filter': 'endpoint', size: 30 });
    var conn = el('input', { type: 'search', placeholder: 'connections contain… (TCP 5432)', 'data-filter': 'connections', size: 26 });
    var ns = el('select', { 'data-filter': 'namespace' });
    options(ns, Object.keys(t.nodes.reduce(function (m, n) { m[n.ns] = 1; return m; }, {})).sort(natural), 'every namespace');
    section.appendChild(el('div', { 'class': 'filters' }, [text, ns, conn]));
    var graph = el('div', { 'class': 'graph' });
    var caption = el('p', { 'class': 'caption' });
    section.appendChild(el('h2', {}, ['Graph']));
    section.appendChild(legend(['list']));
    section.appendChild(graph);
    section.appendChild(caption);
    section.appendChild(el('h2', {}, ['Matrix']));
    var matrix = el('div', { 'class': 'matrix-box' });
    section.appendChild(matrix);
    function update() {
      var q = text.value.trim().toLowerCase(), c = conn.value.trim().toLowerCase(), n = ns.value;
      var hits = [];
      var nodes = {};
      t.nodes.forEach(function (src, s) {
        if (t.rowOf[s] < 0) return;
        var row = t.rows[t.rowOf[s]];
        for (var k = 0; k < row.length; k += 2) {
          var dst = t.nodes[row[k]];
          if (n !== '' && src.ns !== n && dst.ns !== n) continue;
          if (q !== '' && !contains(src.id, q) && !contains(dst.id, q)) continue;
          if (c !== '' && !contains(t.conns[row[k + 1]], c)) continue;
          hits.push([s, row[k], row[k + 1]]);
          nodes[s] = 1;
          nodes[row[k]] = 1;
        }
      });
      var filtered = q !== '' || c !== '' || n !== '';
      if (!filtered) t.nodes.forEach(function (_, i) { nodes[i] = 1; });
      var ids = Object.keys(nodes).map(function (i) { return t.nodes[i].id; });
      var edges = ids.length > GRAPH_NODES || hits.length <= 4000 ? hits : hits.slice(0, 4000);
      caption.textContent = drawGraph(graph, ids, edges.map(function (h) { return { src: t.nodes[h[0]].id, dst: t.nodes[h[1]].id, type: 'list', label: t.conns[h[2]] }; }), hits.length);
      matrix.textContent = '';
      var srcs = {}, dsts = {};
      hits.forEach(function (h) { srcs[h[0]] = 1; dsts[h[1]] = 1; });
      var S = Object.keys(srcs).map(Number), D = Object.keys(dsts).map(Number);
      if (hits.length > 0 && S.length <= MATRIX && D.length <= MATRIX) {
        var cell = {};
        hits.forEach(function (h) { cell[h[0] + ',' + h[1]] = t.conns[h[2]]; });
        var table = el('table', { 'class': 'matrix' });
        table.appendChild(el('tr', {}, [el('th', {}, ['source \\ destination'])].concat(D.map(function (d) { return el('th', { title: t.nodes[d].id }, [t.nodes[d].id]); }))));
        S.forEach(function (s) {
          table.appendChild(el('tr', {}, [el('th', {}, [t.nodes[s].id])].concat(D.map(function (d) { var v = cell[s + ',' + d]; return el('td', v ? { 'class': 'on', title: t.nodes[s].id + ' → ' + t.nodes[d].id } : {}, [v || '']); }))));
        });
        matrix.appendChild(table);
      } else {
        matrix.appendChild(el('p', { 'class': 'caption' }, [hits.length === 0 ? 'No pair matches the filters.' : S.length + ' sources and ' + D.length + ' destinations: filter to at most ' + MATRIX + ' of each for the grid; the pairs, one per row:']));
        if (hits.length > 0) {
          var list = el('table', { 'class': 'pairs' }, [el('tr', {}, [el('th', {}, ['Source']), el('th', {}, ['Destination']), el('th', {}, ['Connections'])])]);
          matrix.appendChild(list);
          matrix.appendChild(pager(list, hits, function (h) { return el('tr', {}, [el('td', {}, [t.nodes[h[0]].id]), el('td', {}, [t.nodes[h[1]].id]), el('td', {}, [t.conns[h[2]]])]); }));
        }
      }
    }
    var later = debounce(update);
    [text, conn].forEach(function (i) { i.addEventListener('input', later); });
    ns.addEventListener('change', update);
    update();
    return section;
  }

  function diffView(t) {
    var section = el('section', { 'class': 'target diff' });
    if (t.name) section.appendChild(el('h2', {}, ['Target ' + t.name]));
    section.appendChild(el('p', { 'class': 'verdict' }, [t.verdict]));
    if (t.base) section.appendChild(el('p', { 'class': 'caption' }, ['base: ' + t.base + ' · head: ' + t.head]));
    var total = t.counts.opened + t.counts.closed + t.counts.changed;
    var text = el('input', { type: 'search', placeholder: 'source or destination contains…', 'data-filter': 'endpoint', size: 30 });
    var type = el('select', { 'data-filter': 'type' });
    type.appendChild(el('option', { value: '' }, ['opened, closed and changed']));
    ['added', 'removed', 'changed'].forEach(function (k) { type.appendChild(el('option', { value: k }, [WORDS[k]])); });
    var ns = el('select', { 'data-filter': 'namespace' });
    options(ns, Object.keys(t.changes.reduce(function (m, c) { m[nsOf(c.src)] = 1; m[nsOf(c.dst)] = 1; return m; }, {})).sort(natural), 'every namespace');
    section.appendChild(el('h2', {}, ['Changed paths']));
    if (t.changes.length < total) section.appendChild(el('p', { 'class': 'caption' }, ['The report lists ' + t.changes.length + ' of ' + total + ' changes, those that open paths or ports first, with the rules responsible.']));
    section.appendChild(el('div', { 'class': 'filters' }, [text, type, ns]));
    section.appendChild(legend(['added', 'removed', 'changed']));
    var graph = el('div', { 'class': 'graph' });
    var caption = el('p', { 'class': 'caption' });
    section.appendChild(graph);
    section.appendChild(caption);
    var tableBox = el('div');
    section.appendChild(tableBox);
    function update() {
      var q = text.value.trim().toLowerCase(), k = type.value, n = ns.value;
      var shown = t.changes.filter(function (c) {
        return (k === '' || c.type === k) && (n === '' || nsOf(c.src) === n || nsOf(c.dst) === n) && (q === '' || contains(c.src, q) || contains(c.dst, q));
      });
      var ids = {};
      shown.forEach(function (c) { ids[c.src] = 1; ids[c.dst] = 1; });
      caption.textContent = drawGraph(graph, Object.keys(ids), shown.map(function (c) { return { src: c.src, dst: c.dst, type: c.type, label: WORDS[c.type] + ': ' + c.ports }; }), shown.length);
      tableBox.textContent = '';
      if (shown.length === 0) { tableBox.appendChild(el('p', { 'class': 'caption' }, ['No changed path matches the filters.'])); return; }
      var table = el('table', { 'class': 'changes' }, [el('tr', {}, ['', 'Source', 'Destination', 'Connections', 'Why'].map(function (h) { return el('th', {}, [h]); }))]);
      tableBox.appendChild(table);
      tableBox.appendChild(pager(table, shown, function (c) {
        var why = c.why.length ? el('details', {}, [el('summary', {}, [c.why[c.why.length - 1]]), el('pre', {}, [c.why.join('\n')])]) : el('span', {}, ['']);
        return el('tr', { 'data-type': c.type }, [el('td', { 'class': c.type }, [WORDS[c.type]]), el('td', {}, [c.src]), el('td', {}, [c.dst]), el('td', {}, [c.ports]), el('td', {}, [why])]);
      }));
    }
    var later = debounce(update);
    text.addEventListener('input', later);
    type.addEventListener('change', update);
    ns.addEventListener('change', update);
    update();
    if (t.invariants.length > 0) {
      section.appendChild(el('h2', {}, ['Invariants']));
      var inv = el('table', { 'class': 'invariants' }, [el('tr', {}, ['Status', 'Invariant', 'Kind', 'Where', 'Witnesses'].map(function (h) { return el('th', {}, [h]); }))]);
      t.invariants.forEach(function (i) {
        var w = i.witnesses.length ? el('details', {}, [el('summary', {}, [i.witnessCount + ' witnesses']), el('pre', {}, [i.witnesses.map(function (x) { return [x.text].concat(x.why.map(function (l) { return '  ' + l; })).join('\n'); }).join('\n')])]) : el('span', {}, ['']);
        inv.appendChild(el('tr', { 'data-status': i.status }, [el('td', { 'class': i.failed ? 'removed' : 'added' }, [i.status]), el('td', {}, [i.name]), el('td', {}, [i.kind]), el('td', {}, [i.where]), el('td', {}, [w])]));
      });
      section.appendChild(inv);
    }
    if (t.unread.length > 0) {
      section.appendChild(el('h2', {}, ['Input that could not be read']));
      section.appendChild(el('ul', {}, t.unread.map(function (u) { return el('li', {}, [u.where + ' ' + u.code + ': ' + u.message]); })));
    }
    if (t.warnings.length > 0) {
      section.appendChild(el('h2', {}, ['Warnings introduced by this change']));
      section.appendChild(el('ul', {}, t.warnings.map(function (w) { return el('li', {}, [w.where + ' ' + w.code + ': ' + w.message]); })));
    }
    return section;
  }

  data.targets.forEach(function (t) { app.appendChild(t.kind === 'list' ? listView(t) : diffView(t)); });
  document.body.setAttribute('data-ready', 'true');
})();
`;
