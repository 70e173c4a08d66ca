/* shiftwatch report and dashboard. Every text from the data is set with
   textContent or escaped before Plotly sees it; links are kept only for
   http(s) URLs. In the report the statements are embedded; the dashboard
   fetches them from /api/statements. */
(function () {
  "use strict";
  var DATA = JSON.parse(document.getElementById("sw-data").textContent);
  var API = DATA.mode === "api";
  var COLORS = { restrictive: "#c0392b", neutral: "#8e9aa6", welcoming: "#1f6fb2" };
  var FRAME_COLORS = { economy: "#2a9d8f", security: "#c0392b", control: "#7b4fa0", integration: "#e9a23b", rights: "#1f6fb2", politics: "#6b7b8c" };
  var CONFIG = { displaylogo: false, responsive: true, modeBarButtonsToRemove: ["select2d", "lasso2d", "autoScale2d", "toggleSpikelines"] };
  var PAGE = 50;
  var current = { kind: "all", id: null, label: "All statements" };
  var panelState = null;

  function esc(s) { // for Plotly, which reads a little HTML in its labels
    return String(s == null ? "" : s).replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");
  }
  function el(tag, cls, text) {
    var e = document.createElement(tag);
    if (cls) e.className = cls;
    if (text != null) e.textContent = String(text);
    return e;
  }
  function fmt(x, d) { return x == null ? "–" : (x > 0 ? "+" : x < 0 ? "−" : "") + Math.abs(x).toFixed(d == null ? 2 : d); }
  function num(x) { return x == null ? "–" : Number(x).toLocaleString("en-US"); }
  var MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
  function periodName(start) {
    if (!start) return "";
    var y = start.slice(0, 4), m = +start.slice(5, 7);
    return DATA.meta.freq === "week" ? "week of " + start : MONTHS[m - 1] + " " + y;
  }
  function addDays(iso, n) {
    var d = new Date(iso + "T00:00:00Z"); d.setUTCDate(d.getUTCDate() + n);
    return d.toISOString().slice(0, 10);
  }
  function safeUrl(u) { return typeof u === "string" && /^https?:\/\//i.test(u) ? u : null; }

  // -- data sources: embedded in the report, or the JSON API --------------
  function apiGet(path, params) {
    var q = new URLSearchParams();
    Object.keys(params || {}).forEach(function (k) { if (params[k] != null && params[k] !== "") q.append(k, params[k]); });
    return fetch(path + "?" + q.toString()).then(function (r) {
      return r.json().then(function (body) { if (!r.ok) throw new Error(body.error || r.statusText); return body; });
    });
  }
  function seriesFor(sel) {
    if (sel.kind === "all") return Promise.resolve({ timeline: DATA.overview.timeline, shifts: DATA.overview.shifts });
    var list = DATA.groups[sel.kind] || [];
    for (var i = 0; i < list.length; i++) if (list[i].id === sel.id) return Promise.resolve(list[i]);
    var p = {}; p[sel.kind] = sel.id;
    return Promise.all([
      apiGet("/api/timeline", Object.assign({ by: "all", freq: DATA.meta.freq, limit: 1000 }, p)),
      apiGet("/api/shifts", Object.assign({ by: "all", frames: true, min_statements: 2, limit: 1000 }, p)),
    ]).then(function (r) { return { timeline: r[0].items, shifts: r[1].items }; });
  }
  // q: {speaker, outlet, frame, since, until (exclusive), title}
  function fetchStatements(q, offset) {
    if (!API) {
      var rows = DATA.statements.filter(function (s) {
        return (!q.speaker || s.speaker_id === q.speaker) && (!q.outlet || s.outlet === q.outlet) &&
          (!q.frame || (s.frames || []).indexOf(q.frame) >= 0) && (!q.stance || s.stance === q.stance) &&
          (!q.since || s.published >= q.since) && (!q.until || s.published < q.until);
      });
      return Promise.resolve({ total: rows.length, items: rows.slice(offset, offset + PAGE) });
    }
    return apiGet("/api/statements", {
      speaker: q.speaker, outlet: q.outlet, frame: q.frame, stance: q.stance, since: q.since,
      until: q.until ? addDays(q.until, -1) : null, limit: PAGE, offset: offset,
    });
  }

  // -- the statements panel -------------------------------------------------
  function hideTravel() {
    var t = document.getElementById("travel");
    if (!t.hidden) { Plotly.purge(t); t.hidden = true; delete t.dataset.shown; }
  }
  function showStatements(q) {
    if (current.kind !== "all" && !q.speaker && !q.outlet && !q.ignoreFilter) q[current.kind] = current.id;
    hideTravel();
    panelState = { q: q, offset: 0 };
    var panel = document.getElementById("panel");
    panel.hidden = false;
    document.getElementById("panel-title").textContent = q.title || "Statements";
    document.getElementById("panel-sub").textContent = "Loading…";
    document.getElementById("quotes").textContent = "";
    loadMore();
  }
  function loadMore() {
    var st = panelState;
    fetchStatements(st.q, st.offset).then(function (res) {
      if (st !== panelState) return;
      var ol = document.getElementById("quotes");
      res.items.forEach(function (s) { ol.appendChild(quoteItem(s)); });
      st.offset += res.items.length;
      var sub = num(res.total) + (res.total === 1 ? " statement" : " statements");
      if (st.offset < res.total) sub += ", showing " + num(st.offset);
      if (!API && DATA.statements_note) sub += ". " + DATA.statements_note;
      document.getElementById("panel-sub").textContent = sub;
      document.getElementById("more").hidden = st.offset >= res.total;
      if (!res.total) ol.appendChild(el("li", "empty", "No statements here."));
    }).catch(function (e) { document.getElementById("panel-sub").textContent = "Could not load statements: " + e.message; });
  }
  function quoteItem(s) {
    var li = el("li", "quote " + (s.stance || ""));
    li.dataset.id = s.statement_id;
    li.appendChild(el("blockquote", null, s.text));
    var who = el("div", "line");
    who.appendChild(el("span", "who", s.speaker || s.speaker_id || "unknown speaker"));
    if (s.speaker_mention) who.appendChild(document.createTextNode(" — " + s.speaker_mention));
    li.appendChild(who);
    var line = el("div", "line");
    line.appendChild(el("span", "badge " + (s.stance || ""), s.stance || "no stance"));
    (s.frames || []).forEach(function (f) { line.appendChild(el("span", "badge", f)); });
    line.appendChild(document.createTextNode(" " + [s.outlet || "unknown outlet", s.published || "undated"].join(" · ") + " "));
    var url = safeUrl(s.url);
    if (url) {
      var a = el("a", null, "source ↗");
      a.href = url; a.target = "_blank"; a.rel = "noopener noreferrer nofollow";
      if (s.title) a.title = s.title;
      line.appendChild(a);
    } else if (s.url) {
      line.appendChild(el("span", "empty", "(link withheld: not an http address)"));
    }
    li.appendChild(line);
    if (s.cues && s.cues.length) li.appendChild(el("div", "line", "cues: " + s.cues.join(", ")));
    return li;
  }
  document.getElementById("panel-close").addEventListener("click", function () { document.getElementById("panel").hidden = true; });
  document.getElementById("more").addEventListener("click", loadMore);
  document.addEventListener("keydown", function (e) { if (e.key === "Escape") document.getElementById("panel").hidden = true; });

  // -- charts -------------------------------------------------------------
  function shiftShapes(shifts, yref) {
    var shapes = [], notes = [];
    (shifts || []).filter(function (s) { return s.kind === "stance"; }).forEach(function (s) {
      var c = s.direction === "softer" ? COLORS.welcoming : COLORS.restrictive;
      shapes.push({ type: "line", xref: "x", yref: "paper", x0: s.date, x1: s.date, y0: 0, y1: 1, line: { color: c, width: 1.5, dash: "dash" } });
      notes.push({ x: s.date, y: 1, xref: "x", yref: yref || "paper", yanchor: "bottom", showarrow: false,
        text: esc(s.direction + " " + fmt(s.before) + " → " + fmt(s.after)), font: { size: 11, color: c } });
    });
    return { shapes: shapes, annotations: notes };
  }
  function stanceTraces(rows, small) {
    var x = rows.map(function (r) { return r.period_start; });
    var cd = rows.map(function (r) { return [r.period_start, r.period_end, r.statements]; });
    var band = {
      x: x.concat(x.slice().reverse()), y: rows.map(function (r) { return r.ci_high; }).concat(rows.map(function (r) { return r.ci_low; }).reverse()),
      fill: "toself", fillcolor: "rgba(31,111,178,0.10)", line: { width: 0 }, hoverinfo: "skip", showlegend: false, type: "scatter", mode: "lines",
    };
    var line = {
      x: x, y: rows.map(function (r) { return r.mean_stance; }), customdata: cd, type: "scatter", mode: "lines+markers", name: "mean stance",
      line: { color: "#3d4b5c", width: 2 },
      marker: { size: rows.map(function (r) { return Math.max(7, Math.min(small ? 14 : 20, 4 + 2.2 * Math.sqrt(r.statements))); }),
        color: rows.map(function (r) { return r.mean_stance; }), cmin: -1, cmax: 1,
        colorscale: [[0, COLORS.restrictive], [0.5, "#c8ced6"], [1, COLORS.welcoming]], line: { color: "#fff", width: 1 } },
      hovertemplate: "%{x|%b %Y}<br>mean stance %{y:+.2f}<br>%{customdata[2]} statements<br><i>click for quotes</i><extra></extra>",
      showlegend: false,
    };
    return [band, line];
  }
  var STANCE_AXIS = { range: [-1.1, 1.1], tickvals: [-1, 0, 1], ticktext: ["restrictive", "neutral", "welcoming"], zeroline: true, zerolinecolor: "#d5dbe2", gridcolor: "#eef1f4" };

  function drawOverview(series, label) {
    document.getElementById("overview-title").textContent = "Stance over time — " + label;
    var rows = series.timeline || [];
    var gd = document.getElementById("overview");
    delete gd.dataset.shown;
    if (!rows.length) { Plotly.purge(gd); gd.textContent = ""; gd.appendChild(el("p", "empty", "No statements with a stance for this selection.")); return; }
    var traces = stanceTraces(rows, false);
    ["restrictive", "neutral", "welcoming"].forEach(function (st) {
      traces.push({
        x: rows.map(function (r) { return r.period_start; }), y: rows.map(function (r) { return r["n_" + st]; }),
        customdata: rows.map(function (r) { return [r.period_start, r.period_end, r["n_" + st], st]; }),
        type: "bar", name: st, marker: { color: COLORS[st] }, xaxis: "x", yaxis: "y2", opacity: 0.85,
        hovertemplate: "%{x|%b %Y}: %{y} " + st + "<br><i>click for quotes</i><extra></extra>",
      });
    });
    var sh = shiftShapes(series.shifts, "paper");
    Plotly.react(gd, traces, {
      margin: { l: 90, r: 20, t: 26, b: 40 }, barmode: "stack", hovermode: "closest", showlegend: false,
      yaxis: Object.assign({ domain: [0.4, 1] }, STANCE_AXIS), yaxis2: { domain: [0, 0.3], title: { text: "statements" }, gridcolor: "#eef1f4" },
      xaxis: { type: "date", gridcolor: "#eef1f4" }, shapes: sh.shapes, annotations: sh.annotations,
      plot_bgcolor: "#fff", paper_bgcolor: "#fff", font: { family: "inherit", size: 12 },
    }, CONFIG).then(function () { gd.dataset.shown = label; });
    if (!gd._swBound) {
      gd._swBound = true;
      gd.on("plotly_click", function (ev) {
        var p = ev.points[0], cd = p.customdata; if (!cd) return;
        var q = { since: cd[0], until: cd[1], title: current.label + ", " + periodName(cd[0]) };
        if (cd[3]) q.stance = cd[3];
        showStatements(q);
      });
    }
  }

  function miniCard(container, kind, g) {
    var card = el("div", "mini");
    card.dataset.group = g.id;
    var h = el("h3");
    h.appendChild(el("span", null, g.label));
    var b = el("button", null, "focus");
    b.type = "button";
    b.addEventListener("click", function () { select(kind, g.id); });
    h.appendChild(b);
    card.appendChild(h);
    var ss = (g.shifts || []).filter(function (s) { return s.kind === "stance"; });
    var meta = num(g.statements) + " statements · mean stance " + fmt(g.mean_stance);
    if (ss.length) meta += " · " + ss.map(function (s) { return s.direction + " from " + s.date; }).join(", ");
    card.appendChild(el("p", "meta", meta));
    var div = el("div", "chart");
    card.appendChild(div);
    container.appendChild(card);
    var sh = shiftShapes(g.shifts);
    Plotly.newPlot(div, stanceTraces(g.timeline, true), {
      margin: { l: 76, r: 8, t: 8, b: 26 }, hovermode: "closest", showlegend: false, yaxis: STANCE_AXIS,
      xaxis: { type: "date", range: [DATA.meta.since, DATA.meta.until], gridcolor: "#eef1f4" }, shapes: sh.shapes,
      plot_bgcolor: "#fff", paper_bgcolor: "#fff", font: { size: 11 },
    }, Object.assign({ displayModeBar: false }, CONFIG));
    div.on("plotly_click", function (ev) {
      var cd = ev.points[0].customdata; if (!cd) return;
      var q = { since: cd[0], until: cd[1], title: g.label + ", " + periodName(cd[0]) };
      q[kind] = g.id;
      showStatements(q);
    });
  }

  function drawFrames() {
    var rows = DATA.frames_timeline, gd = document.getElementById("frames");
    if (!rows.length) { gd.appendChild(el("p", "empty", "No frames yet.")); return; }
    var traces = DATA.frames.map(function (f) {
      var r = rows.filter(function (x) { return x.group === f; });
      return { x: r.map(function (x) { return x.period_start; }), y: r.map(function (x) { return x.share; }), name: f, type: "scatter", mode: "lines+markers",
        customdata: r.map(function (x) { return [x.period_start, x.period_end, x.statements, f]; }), line: { color: FRAME_COLORS[f], width: 2 },
        hovertemplate: f + ", %{x|%b %Y}: %{y:.0%} of statements (%{customdata[2]})<br><i>click for quotes</i><extra></extra>" };
    });
    Plotly.newPlot(gd, traces, { margin: { l: 60, r: 20, t: 10, b: 40 }, hovermode: "closest", yaxis: { tickformat: ".0%", gridcolor: "#eef1f4", rangemode: "tozero" },
      xaxis: { type: "date", gridcolor: "#eef1f4" }, legend: { orientation: "h", y: -0.15 }, plot_bgcolor: "#fff", paper_bgcolor: "#fff" }, CONFIG);
    gd.on("plotly_click", function (ev) {
      var cd = ev.points[0].customdata; if (!cd) return;
      showStatements({ since: cd[0], until: cd[1], frame: cd[3], title: "Frame “" + cd[3] + "”, " + periodName(cd[0]) + (current.kind === "all" ? "" : " — " + current.label) });
    });
  }

  function drawFragmentation() {
    var rows = DATA.fragmentation, gd = document.getElementById("fragmentation"), s = DATA.fragmentation_summary;
    document.getElementById("frag-summary").textContent = s.periods
      ? "Bars: share of pairs of named speakers where one leans restrictive and the other welcoming. Line: spread (standard deviation) of the speakers' mean stances. In " +
        s.split_periods + " of " + s.periods + " periods some officials leaned restrictive while others leaned welcoming."
      : "Not enough named speakers yet.";
    if (!rows.length) return;
    var x = rows.map(function (r) { return r.period_start; });
    var cd = rows.map(function (r) { return [r.period_start, r.period_end, r.speakers, r.restrictive_speakers, r.welcoming_speakers]; });
    Plotly.newPlot(gd, [
      { x: x, y: rows.map(function (r) { return r.contradiction; }), type: "bar", name: "contradiction", marker: { color: "#e9a23b" }, customdata: cd,
        hovertemplate: "%{x|%b %Y}: %{y:.0%} of speaker pairs disagree<br>%{customdata[2]} speakers: %{customdata[3]} restrictive, %{customdata[4]} welcoming<br><i>click for quotes</i><extra></extra>" },
      { x: x, y: rows.map(function (r) { return r.dispersion; }), type: "scatter", mode: "lines+markers", name: "spread of stances", yaxis: "y2", customdata: cd,
        line: { color: "#14202e" }, hovertemplate: "%{x|%b %Y}: spread %{y:.2f}<extra></extra>" },
    ], { margin: { l: 60, r: 60, t: 10, b: 40 }, hovermode: "closest", legend: { orientation: "h", y: -0.15 },
      yaxis: { tickformat: ".0%", range: [0, 1], title: { text: "disagreeing pairs" }, gridcolor: "#eef1f4" },
      yaxis2: { overlaying: "y", side: "right", range: [0, 1], title: { text: "spread" }, showgrid: false },
      xaxis: { type: "date" }, plot_bgcolor: "#fff", paper_bgcolor: "#fff" }, CONFIG);
    gd.on("plotly_click", function (ev) {
      var cd = ev.points[0].customdata; if (!cd) return;
      showStatements({ since: cd[0], until: cd[1], title: "All speakers, " + periodName(cd[0]), ignoreFilter: true });
    });
  }

  function drawDeeds() {
    var evs = DATA.measures || [], gd = document.getElementById("deeds"), box = document.getElementById("deeds-summary");
    (DATA.deeds || []).forEach(function (d) { box.appendChild(el("p", d.parts ? "parts" : null, d.summary)); });
    if (!evs.length) { gd.appendChild(el("p", "empty", "No measures reported in this corpus.")); return; }
    var rows = (DATA.overview.timeline || []).filter(function (r) { return r.statements; });
    var traces = rows.length ? stanceTraces(rows, false) : [];
    var STATUS_Y = { proposed: 0.2, adopted: 0.5, in_force: 0.8, lifted: 0.5 };
    ["restrictive", "welcoming"].forEach(function (dir) {
      var e = evs.filter(function (x) { return x.direction === dir; });
      if (!e.length) return;
      traces.push({
        x: e.map(function (x) { return x.first_published; }), y: e.map(function (x) { return STATUS_Y[x.status] || 0.5; }),
        yaxis: "y2", type: "scatter", mode: "markers", name: dir + " measures", customdata: e.map(function (x) { return x.event_id; }),
        text: e.map(function (x) { return esc([x.kind, x.status, x.authority || "", x.reports + (x.reports === 1 ? " report" : " reports")].join(" · ")); }),
        marker: { symbol: dir === "restrictive" ? "triangle-down" : "triangle-up", color: COLORS[dir],
          size: e.map(function (x) { return 9 + 3 * Math.min(x.reports, 5); }), line: { color: "#fff", width: 1 } },
        hovertemplate: "%{x|%d %b %Y}<br>%{text}<br><i>click for its reports</i><extra></extra>",
      });
    });
    Plotly.newPlot(gd, traces, {
      margin: { l: 90, r: 20, t: 10, b: 40 }, hovermode: "closest", showlegend: false,
      yaxis: Object.assign({ domain: [0.38, 1] }, STANCE_AXIS),
      yaxis2: { domain: [0, 0.28], range: [0, 1], tickvals: [0.2, 0.5, 0.8], ticktext: ["proposed", "adopted", "in force"], gridcolor: "#eef1f4" },
      xaxis: { type: "date", gridcolor: "#eef1f4" }, plot_bgcolor: "#fff", paper_bgcolor: "#fff", font: { family: "inherit", size: 12 },
    }, CONFIG).then(function () { gd.dataset.shown = "1"; });
    gd.on("plotly_click", function (ev) {
      var p = ev.points[0];
      if (p.data.yaxis === "y2") return showEvent(p.customdata);
      var cd = p.customdata; if (cd) showStatements({ since: cd[0], until: cd[1], title: "All statements, " + periodName(cd[0]), ignoreFilter: true });
    });
  }
  function showEvent(id) {
    var ev = (DATA.measures || []).filter(function (x) { return x.event_id === id; })[0];
    if (!ev) return;
    hideTravel();
    panelState = null;
    document.getElementById("panel").hidden = false;
    document.getElementById("panel-title").textContent = ev.kind + " · " + ev.status + (ev.authority ? " · " + ev.authority : "");
    document.getElementById("panel-sub").textContent = ev.reports + (ev.reports === 1 ? " report" : " reports") + ", first " +
      ev.first_published + " in " + (ev.first_outlet || "an unknown outlet") + " (" + ev.direction + ")";
    var ol = document.getElementById("quotes");
    ol.textContent = "";
    document.getElementById("more").hidden = true;
    ev.items.forEach(function (r) {
      var li = el("li", "quote measure " + ev.direction);
      li.appendChild(el("blockquote", null, r.text));
      var line = el("div", "line", [r.outlet || "unknown outlet", r.published || "undated"].join(" · ") + " ");
      var url = safeUrl(r.url);
      if (url) { var a = el("a", null, "source ↗"); a.href = url; a.target = "_blank"; a.rel = "noopener noreferrer nofollow"; if (r.title) a.title = r.title; line.appendChild(a); }
      li.appendChild(line);
      ol.appendChild(li);
    });
  }

  // -- quotes: one statement, many reports; how a quote travelled ---------------
  function sourceLink(r) {
    var url = safeUrl(r.url);
    if (!url) return null;
    var a = el("a", null, "source ↗");
    a.href = url; a.target = "_blank"; a.rel = "noopener noreferrer nofollow";
    if (r.title) a.title = r.title;
    return a;
  }
  function when(r) { return r.published_at ? r.published_at.replace("T", " ") + " UTC" : (r.published || "undated"); }
  function lagText(r) {
    if (r.first) return "first report";
    if (r.lag_hours != null) {
      var h = r.lag_hours;
      if (h < 1) return "+" + Math.round(h * 60) + " min after the first";
      if (h < 48) return "+" + (Math.round(h * 10) / 10) + " h after the first";
    }
    if (r.lag_days != null) return "+" + r.lag_days + (r.lag_days === 1 ? " day" : " days") + " after the first";
    return "undated";
  }
  function drawQuotesTable(rows) {
    var tb = document.querySelector("#quotes-table tbody");
    tb.textContent = "";
    if (!rows.length) { var tr0 = el("tr"); var td0 = el("td", "empty", "No statement was reported by more than one document yet."); td0.colSpan = 7; tr0.appendChild(td0); tb.appendChild(tr0); return; }
    rows.forEach(function (q) {
      var tr = el("tr");
      tr.dataset.quote = q.quote_id;
      tr.appendChild(el("td", null, q.speaker || q.speaker_id || "unknown speaker"));
      tr.appendChild(el("td", "quote-text", q.text));
      tr.appendChild(el("td", null, (q.first_published || "undated") + (q.first_outlet ? " · " + q.first_outlet : "")));
      tr.appendChild(el("td", null, num(q.reports)));
      tr.appendChild(el("td", null, num((q.outlets || []).length)));
      tr.appendChild(el("td", null, (q.languages || []).join(", ")));
      var td = el("td"), b = el("button", "travel-open", "how it travelled");
      b.type = "button";
      b.addEventListener("click", function () { showTravel(q.quote_id); });
      td.appendChild(b); tr.appendChild(td); tb.appendChild(tr);
    });
  }
  function fetchQuote(id) {
    if (API) return apiGet("/api/quotes/" + encodeURIComponent(id), {});
    var q = (DATA.quotes || []).filter(function (x) { return x.quote_id === id; })[0];
    return q ? Promise.resolve(q) : Promise.reject(new Error("no such quote"));
  }
  // the first report, then each outlet that repeated it, on a time axis; a mark opens its source
  function showTravel(id) {
    panelState = null;
    document.getElementById("panel").hidden = false;
    document.getElementById("panel-title").textContent = "How this quote travelled";
    document.getElementById("panel-sub").textContent = "Loading…";
    var ol = document.getElementById("quotes");
    ol.textContent = "";
    document.getElementById("more").hidden = true;
    var gd = document.getElementById("travel");
    delete gd.dataset.shown;
    fetchQuote(id).then(function (q) {
      var reps = q.items || [];
      var first = reps[0] || {};
      document.getElementById("panel-sub").textContent = (q.speaker || q.speaker_id || "unknown speaker") + " · " +
        num(reps.length) + (reps.length === 1 ? " report" : " reports") + " in " + num((q.outlets || []).length) +
        ((q.outlets || []).length === 1 ? " outlet" : " outlets") + " · first " + when(first) +
        " in " + (first.outlet || "an unknown outlet") + (q.lag_days ? ", repeated over " + q.lag_days + (q.lag_days === 1 ? " day" : " days") : "");
      var outlets = [];
      reps.forEach(function (r) { var o = r.outlet || "unknown outlet"; if (outlets.indexOf(o) < 0) outlets.push(o); });
      function trace(rs, name, symbol, color, size) {
        return {
          x: rs.map(function (r) { return r.published_at ? r.published_at.replace("T", " ") : r.published; }),
          y: rs.map(function (r) { return r.outlet || "unknown outlet"; }),
          customdata: rs.map(function (r) { return [safeUrl(r.url) || "", r.statement_id]; }),
          text: rs.map(function (r) { return esc([r.outlet || "unknown outlet", when(r), r.lang, lagText(r)].join(" · ")); }),
          type: "scatter", mode: "markers", name: name, marker: { symbol: symbol, color: color, size: size, line: { color: "#fff", width: 1 } },
          hovertemplate: "%{text}<br><i>click to open the source</i><extra></extra>",
        };
      }
      gd.hidden = false;
      var traces = [trace(reps.filter(function (r) { return r.first; }), "first report", "star", "#14202e", 18),
                    trace(reps.filter(function (r) { return !r.first; }), "repeated", "circle", COLORS.welcoming, 12)];
      Plotly.newPlot(gd, traces, {
        margin: { l: 130, r: 16, t: 14, b: 40 }, hovermode: "closest", showlegend: false,
        xaxis: { type: "date", gridcolor: "#eef1f4" },
        yaxis: { type: "category", categoryorder: "array", categoryarray: outlets, autorange: "reversed", automargin: true },
        plot_bgcolor: "#fff", paper_bgcolor: "#fff", font: { family: "inherit", size: 12 },
      }, Object.assign({ displayModeBar: false }, CONFIG)).then(function () { gd.dataset.shown = q.quote_id; });
      gd.on("plotly_click", function (ev) {
        var url = ev.points[0].customdata && ev.points[0].customdata[0];
        if (url) window.open(url, "_blank", "noopener,noreferrer");
      });
      reps.forEach(function (r) {
        var li = el("li", "quote report" + (r.first ? " first" : ""));
        li.dataset.id = r.statement_id;
        li.appendChild(el("blockquote", null, r.text));
        var line = el("div", "line");
        line.appendChild(el("span", "badge", lagText(r)));
        line.appendChild(document.createTextNode(" " + [r.outlet || "unknown outlet", when(r), r.lang].join(" · ") + " "));
        var a = sourceLink(r);
        if (a) line.appendChild(a);
        li.appendChild(line);
        ol.appendChild(li);
      });
    }).catch(function (e) { document.getElementById("panel-sub").textContent = "Could not load the quote: " + e.message; });
  }

  function drawShiftsTable() {
    var tb = document.querySelector("#shifts tbody");
    tb.textContent = "";
    if (!DATA.shifts.length) { var tr = el("tr"); var td = el("td", "empty", "No shifts detected."); td.colSpan = 7; tr.appendChild(td); tb.appendChild(tr); return; }
    DATA.shifts.forEach(function (s) {
      var tr = el("tr");
      var kind = s.group === "all" && s.label === "all" ? "all" : (DATA.groups.outlet || []).some(function (g) { return g.id === s.group; }) &&
        !(DATA.groups.speaker || []).some(function (g) { return g.id === s.group; }) ? "outlet" : "speaker";
      tr.appendChild(el("td", null, s.group === "all" ? "All statements" : s.label));
      tr.appendChild(el("td", null, s.date));
      tr.appendChild(el("td", s.direction, s.direction));
      tr.appendChild(el("td", null, fmt(s.before) + " → " + fmt(s.after)));
      tr.appendChild(el("td", null, num(s.n_before) + " / " + num(s.n_after)));
      tr.appendChild(el("td", null, Math.round(s.confidence * 100) + "%"));
      var td2 = el("td"), b = el("button", null, "quotes around it");
      b.type = "button";
      b.addEventListener("click", function () {
        var q = { since: addDays(s.date, -30), until: addDays(s.date, 31), title: (s.group === "all" ? "All statements" : s.label) + ", 30 days either side of " + s.date, ignoreFilter: true };
        if (kind !== "all") q[kind] = s.group;
        showStatements(q);
      });
      td2.appendChild(b); tr.appendChild(td2); tb.appendChild(tr);
    });
  }

  function select(kind, id) {
    var label = "All statements";
    if (kind !== "all") {
      var opt = document.querySelector('#filter option[value="' + CSS.escape(kind + ":" + id) + '"]');
      label = opt ? opt.textContent.replace(/ \(\d[\d,]*\)$/, "") : id;
    }
    current = { kind: kind, id: id, label: label };
    document.getElementById("filter").value = kind === "all" ? "all" : kind + ":" + id;
    seriesFor(current).then(function (s) { drawOverview(s, label); }).catch(function (e) {
      document.getElementById("overview").textContent = "Could not load: " + e.message;
    });
    if (kind !== "all") window.scrollTo({ top: 0, behavior: "smooth" });
  }

  function buildFilter(speakers) {
    var sel = document.getElementById("filter");
    sel.textContent = "";
    var all = el("option", null, "All statements"); all.value = "all"; sel.appendChild(all);
    [["speaker", "Speakers", speakers], ["outlet", "Outlets", DATA.groups.outlet]].forEach(function (g) {
      var og = document.createElement("optgroup"); og.label = g[1];
      (g[2] || []).forEach(function (x) {
        var o = el("option", null, (x.label || x.speaker || x.id || x.speaker_id) + " (" + num(x.statements) + ")");
        o.value = g[0] + ":" + (x.id || x.speaker_id);
        og.appendChild(o);
      });
      sel.appendChild(og);
    });
    sel.addEventListener("change", function () {
      var v = sel.value;
      if (v === "all") return select("all", null);
      var i = v.indexOf(":");
      select(v.slice(0, i), v.slice(i + 1));
    });
  }

  function init() {
    var m = DATA.meta;
    document.getElementById("subtitle").textContent = m.since
      ? "Statements about migration from " + m.since + " to " + m.until + ", by " + (m.freq === "week" ? "week" : "month") + "."
      : "No statements about migration yet.";
    var cards = document.getElementById("cards");
    [[m.statements, "statements about migration"], [m.documents, "documents"], [m.speakers, "speakers"], [m.outlets, "outlets"],
     [DATA.shifts.length, "shifts detected"]].forEach(function (c) {
      var d = el("div", "card"); d.appendChild(el("div", "num", num(c[0]))); d.appendChild(el("div", "lbl", c[1])); cards.appendChild(d);
    });
    document.getElementById("foot").textContent = "Generated by shiftwatch on " + m.generated + " from " + m.db +
      ". Near-duplicate documents are counted once; only statements about migration with a stance are counted." + (DATA.statements_note && !API ? " " + DATA.statements_note : "");
    var speakersReady = API
      ? apiGet("/api/speakers", { limit: 1000 }).then(function (r) { return r.items.filter(function (s) { return s.statements > 0; }); }).catch(function () { return DATA.groups.speaker; })
      : Promise.resolve(DATA.groups.speaker);
    speakersReady.then(buildFilter).then(function () {
      var h = decodeURIComponent(location.hash.slice(1));
      var i = h.indexOf(":");
      if (i > 0) select(h.slice(0, i), h.slice(i + 1)); else select("all", null);
    });
    drawShiftsTable();
    var sp = document.getElementById("speakers"), ou = document.getElementById("outlets");
    (DATA.groups.speaker || []).slice(0, 12).forEach(function (g) { miniCard(sp, "speaker", g); });
    (DATA.groups.outlet || []).slice(0, 8).forEach(function (g) { miniCard(ou, "outlet", g); });
    if (!(DATA.groups.speaker || []).length) sp.appendChild(el("p", "empty", "No speakers yet."));
    if (!(DATA.groups.outlet || []).length) ou.appendChild(el("p", "empty", "No outlets yet."));
    drawDeeds();
    drawFrames();
    drawFragmentation();
    drawAlerts(DATA.alerts || []);
    drawQuotesTable(DATA.quotes || []);
    if (API) {
      apiGet("/api/alerts", { limit: 200 }).then(function (r) { drawAlerts(r.items); }).catch(function () {});
      watchStore();
    }
    document.body.dataset.ready = "1";
  }
  function drawAlerts(rows) {
    var body = document.querySelector("#alerts tbody");
    body.textContent = "";
    if (!rows.length) {
      var tr = el("tr"); var td = el("td", "empty", "No alerts yet."); td.colSpan = 4; tr.appendChild(td); body.appendChild(tr);
      return;
    }
    rows.forEach(function (a) {
      var tr = el("tr");
      [String(a.at || "").slice(0, 16).replace("T", " "), a.kind, a.group || "", a.summary].forEach(function (v) { tr.appendChild(el("td", null, v)); });
      body.appendChild(tr);
    });
  }
  // the dashboard follows the store: when a writer committed, the page is drawn again
  function watchStore() {
    var seen = null;
    setInterval(function () {
      apiGet("/api/status", {}).then(function (r) {
        if (seen === null) seen = r.generation;
        else if (r.generation !== seen && document.getElementById("panel").hidden) location.reload();
      }).catch(function () {});
    }, 3000);
  }
  init();
})();
