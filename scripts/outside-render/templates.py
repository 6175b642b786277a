"""The other templates of issue 15, as another office's HTML: the wide
indicator table (kpi-table), the matrix of yearly targets (matrix) and
the KPI cards (card).

Each sets only what its gold holds (shared/eval/GOLD_SCHEMA.md, version 2),
in the shape issue 15 says real chambers print it: the kpi-table's
objective cell spanning its rows or repeated, "KPI156 - ..." or "Kpi non
definito", ">= 8,00%", a final account's "Consuntivo" and "% raggiungimento",
Missione and Programma cells; the matrix's "Anno 2015: >= 90%" lines and
"N. indicatori: 3"; the cards' "Centro di Responsabilità", "Stanziamenti in
c/competenza" by budget item and year, "Codice e descrizione" and a row of
plan years with a target under each. The page look (borders, shading,
faces, orientation, running lines) is render.py's draw_style; what is the
template's own (column order, wording, spans, how a KPI code or an amount
is set) is drawn here from another stream of the same seed, so the scheda
renderings stay as they were.
"""
import html
import random

# Header and label wordings: vocab/default.vocab [labels] and
# [template_labels], and issue 15's text.
KPI_HEADS = {
    "objective": ["Obiettivo", "Obiettivi", "Obiettivo strategico", "OBIETTIVO"],
    "kpi": ["KPI", "Kpi", "Indicatore (KPI)", "Codice KPI"],
    "measures": ["Descrizione", "Descrizione KPI", "Descrizione indicatore"],
    "algorithm": ["Algoritmo", "Algoritmo di calcolo", "Metodo di calcolo"],
    "target": ["Target", "Target {year}", "Valore target", "Risultato atteso {year}"],
    "actual": ["Consuntivo", "Consuntivo {year}", "Valore a consuntivo"],
    "achievement": ["% raggiungimento", "% di raggiungimento", "Grado di raggiungimento",
                    "Percentuale di raggiungimento"],
    "mission": ["Missione", "Missioni"],
    "programme": ["Programma", "Programmi"],
}
MATRIX_HEADS = {
    "mission": ["Missioni", "Missione", "MISSIONI"],
    "programme": ["Programmi", "Programma", "PROGRAMMI"],
    "objective": ["Obiettivi", "Obiettivo", "OBIETTIVI", "Obiettivo strategico"],
    "indicator": ["Indicatori", "Indicatore", "INDICATORI"],
    "target": ["Target", "TARGET", "Target triennale"],
}
CARD_LABELS = {
    "centre": ["Centro di Responsabilità", "Centro di responsabilità"],
    "allocations": ["Stanziamenti in c/competenza", "Stanziamenti"],
    "objective": ["Obiettivo", "Obiettivo strategico"],
    "description": ["Descrizione"],
    "kpi": ["Codice e descrizione", "Codice e descrizione indicatore"],
    "type": ["Tipologia", "Tipologia indicatore"],
    "source": ["Fonte del dato", "Fonte dei dati"],
    "unit": ["Unità di misura"],
    "method": ["Metodo di calcolo", "Algoritmo di calcolo"],
}
COUNT_WORDS = ["N. indicatori", "Numero indicatori", "Nr indicatori"]
BUDGET_ITEMS = [("6)", "Personale"), ("7)", "Funzionamento"), ("8)", "Interventi"),
                ("9)", "Ammortamenti")]


def draw_look(template, seed):
    """The template's own choices, from a stream of the seed that the
    scheda's look does not use."""
    r = random.Random(f"outside-render:{template}:{seed}")
    t = {"template": template}
    table = KPI_HEADS if template == "kpi-table" else MATRIX_HEADS
    t["heads"] = {k: r.choice(v) for k, v in table.items()}
    t["labels"] = {k: r.choice(v) for k, v in CARD_LABELS.items()}
    # The matrix's column widths (Missioni ... Target), in percent: its
    # Target column holds "Anno 2020: >= € 1.270.000,00" lines.
    weights = [r.randint(60, 120) for _ in range(4)] + [r.randint(110, 150)]
    t["widths"] = [round(100 * w / sum(weights), 1) for w in weights]
    t["span"] = r.random() < 0.55
    t["span_wide"] = t["span"] and r.random() < 0.4
    t["mission_first"] = r.random() < 0.25
    t["code_sep"] = r.choice([" - ", " - ", " ", "<br>"])
    t["kpi_sep"] = r.choice([" - ", " ", "<br>", ": "])
    t["pct_space"] = r.random() < 0.3
    t["count_word"] = r.choice(COUNT_WORDS)
    t["count_colon"] = r.random() < 0.8
    t["count_apart"] = r.random() < 0.3
    t["avoid_row_break"] = r.random() < 0.4
    t["landscape"] = r.random() < (0.8 if template == "kpi-table" else 0.5)
    t["resources_last"] = r.random() < 0.3
    t["headed"] = r.random() < 0.5
    t["code_apart"] = r.random() < 0.5
    t["euro"] = r.choice(["first", "first", "last", "accounting"])
    t["card_gap_pt"] = r.choice([4, 8, 14])
    t["card_break"] = r.random() < 0.3
    return t


def fit_page(t, s):
    """The page's orientation is the template's; a wide table set upright
    takes a smaller face and narrower margins, as an office fits it to the
    sheet (a browser clips what overflows the page)."""
    s["landscape"] = t["landscape"]
    if t["template"] == "card" or s["landscape"]:
        return
    s["table_pt"] = min(s["table_pt"], 8 if t["template"] == "kpi-table" else 9)
    s["margin_mm"] = min(s["margin_mm"], 15)


def esc(text):
    if text is None:
        return ""
    return "<br>".join(html.escape(line) for line in str(text).split("\n"))


def head(t, s, key, year):
    """A header cell's text, its words one a line where the office
    breaks them."""
    words = html.escape(t["heads"][key].replace("{year}", str(year))).split(" ")
    return ("<br>" if s.get("head_breaks") and len(words) > 1 else " ").join(words)


def coded(code, name, sep):
    """"011 - Competitività ..." as the cell prints a code and its name."""
    if code is None:
        return esc(name)
    if name is None:
        return esc(code)
    return f"{esc(code)}{sep if sep == '<br>' else html.escape(sep)}{esc(name)}"


def italian(dec):
    """"1088574.57" as "1.088.574,57"."""
    whole, _, cents = dec.partition(".")
    sign = "-" if whole.startswith("-") else ""
    whole = whole.lstrip("-")
    groups = []
    while len(whole) > 3:
        groups.insert(0, whole[-3:])
        whole = whole[:-3]
    groups.insert(0, whole)
    out = sign + ".".join(groups)
    return out + ("," + cents if cents else "")


def rowspans(cells):
    """For a column of cells, each start's span: [(value, span)] with
    span 0 where a cell above spans it."""
    out = []
    for i, c in enumerate(cells):
        if i > 0 and c == cells[i - 1]:
            j = i - 1
            while out[j][1] == 0:
                j -= 1
            out[j] = (out[j][0], out[j][1] + 1)
            out.append((c, 0))
        else:
            out.append((c, 1))
    return out


def table_html(t, s, heads, rows, keys, spanned, numbers=()):
    """A <table> whose cells in the `spanned` columns span the rows that
    hold the same group key. `rows` are (group keys by column, cells)."""
    cols = []
    for k in keys:
        groups = [r[0].get(k, ("row", i)) for i, r in enumerate(rows)]
        spans = rowspans(groups) if k in spanned else [(g, 1) for g in groups]
        cols.append([s for _, s in spans])
    out = [f'<table class="tmpl{" keep" if t["avoid_row_break"] else ""}">']
    numbered = s.get("row_numbers")
    if t["template"] == "matrix":
        out.append("<colgroup>" + ('<col style="width:4%">' if numbered else "")
                   + "".join(f'<col style="width:{w}%">' for w in t["widths"]) + "</colgroup>")
    out.append("<thead><tr>")
    if numbered:
        out.append("<th>N.</th>")
    out.extend(f"<th>{h}</th>" for h in heads)
    out.append("</tr></thead><tbody>")
    right = s.get("right_numbers")
    for i, (_, cells) in enumerate(rows):
        out.append("<tr>")
        if numbered:
            out.append(f"<td>{i + 1}</td>")
        for c, k in enumerate(keys):
            span = cols[c][i]
            if span == 0:
                continue
            attr = f' rowspan="{span}"' if span > 1 else ""
            if right and k in numbers:
                attr += ' class="rnum"'
            out.append(f"<td{attr}>{cells[k]}</td>")
        out.append("</tr>")
    out.append("</tbody></table>")
    return "".join(out)


def kpi_cell(t, ind):
    if ind.get("kpi_code") is None:
        return "Kpi non definito" if ind.get("title") is None else esc(ind["title"])
    sep = t["kpi_sep"]
    title = esc(ind.get("title"))
    return f"{esc(ind['kpi_code'])}{sep if sep == '<br>' else html.escape(sep)}{title}"


def percent(dec, space):
    return italian(dec) + (" %" if space else "%")


def kpi_table_html(t, s, g):
    year = g["year"]
    final = g.get("kind") == "final-account"
    keys = ["objective", "kpi", "measures", "algorithm", "target"]
    if final:
        keys += ["actual", "achievement"]
    keys = (["mission", "programme"] + keys) if t["mission_first"] else keys + ["mission",
                                                                                  "programme"]
    rows = []
    for n, o in enumerate(g["objectives"]):
        mission = coded(o.get("mission_code"), o.get("mission_name"), t["code_sep"])
        programme = coded(o.get("programme_code"), o.get("programme_name"), t["code_sep"])
        for i, ind in enumerate(o.get("indicators", [])):
            cells = {
                "objective": esc(o.get("title")), "kpi": kpi_cell(t, ind),
                "measures": esc(ind.get("measures")), "algorithm": esc(ind.get("algorithm")),
                "target": esc(ind.get("target")), "actual": esc(ind.get("actual")),
                "achievement": percent(ind["achievement_stated"], t["pct_space"])
                if ind.get("achievement_stated") else "",
                "mission": mission, "programme": programme,
            }
            group = {"objective": n}
            group["mission"] = (o.get("mission_code"),) if t["span_wide"] else n
            group["programme"] = (o.get("mission_code"), o.get("programme_code")) \
                if t["span_wide"] else n
            rows.append((group, cells))
    spanned = {"objective", "mission", "programme"} if t["span"] else set()
    heads = [head(t, s, k, year) for k in keys]
    return table_html(t, s, heads, rows, keys, spanned, ("target", "actual", "achievement"))


def year_lines(ind):
    """"Anno 2015: >= 90%" per plan year; a year with no target keeps its
    operator alone, as the plan printed it."""
    ops = [x["target"][:2] for x in ind.get("targets", []) if x.get("target")]
    op = ops[0] if ops and ops[0] in (">=", "<=") else ">="
    lines = []
    for x in ind.get("targets", []):
        lines.append(f"Anno {x['year']}: {x['target'] if x.get('target') else op}")
    if not lines and ind.get("target"):
        lines.append(ind["target"])
    return "<br>".join(html.escape(line) for line in lines)


def objective_cell(t, o):
    title = esc(o.get("title"))
    n = o.get("declared_indicators")
    if n is None:
        return title
    count = f"{t['count_word']}{':' if t['count_colon'] else ''} {n}"
    if t["count_apart"]:
        return f'{title}<div class="count">{html.escape(count)}</div>'
    return f"{title}<br>{html.escape(count)}"


def matrix_html(t, s, g):
    keys = ["mission", "programme", "objective", "indicator", "target"]
    rows = []
    for n, o in enumerate(g["objectives"]):
        mission = coded(o.get("mission_code"), o.get("mission_name"), t["code_sep"])
        programme = esc(o.get("programme_name"))
        for ind in o.get("indicators", []):
            cells = {"mission": mission, "programme": programme,
                     "objective": objective_cell(t, o), "indicator": esc(ind.get("title")),
                     "target": year_lines(ind)}
            group = {"objective": n}
            group["mission"] = (o.get("mission_code"),) if t["span_wide"] else n
            group["programme"] = (o.get("mission_code"), o.get("programme_name")) \
                if t["span_wide"] else n
            rows.append((group, cells))
    spanned = {"objective", "mission", "programme"} if t["span"] else set()
    heads = [head(t, s, k, g["year"]) for k in keys]
    return table_html(t, s, heads, rows, keys, spanned)


def plan_years(g):
    years = set()
    for o in g["objectives"]:
        years.update(r["year"] for r in o.get("resources", []) if r.get("year"))
        for ind in o.get("indicators", []):
            years.update(x["year"] for x in ind.get("targets", []))
    return sorted(years) or [g["year"]]


def amount_cell(t, amount):
    if amount is None:
        return '<td class="num">€ -</td>'
    text = italian(amount)
    if t["euro"] == "accounting":
        return f'<td class="num"><span class="eur">€</span>{text}</td>'
    return f'<td class="num">{"€ " + text if t["euro"] == "first" else text + " €"}</td>'


def lab(t, s, key):
    text = t["labels"][key]
    if s["label_upper"]:
        text = text.upper()
    return html.escape(text + (":" if s["label_colon"] else ""))


def allocations_html(t, s, o, years):
    items = list(BUDGET_ITEMS)
    known = {name for _, name in items}
    for r in o.get("resources", []):
        if r.get("budget_item") and r["budget_item"] not in known:
            items.append(("", r["budget_item"]))
            known.add(r["budget_item"])
    out = ['<table class="alloc"><thead><tr>'
           f'<th class="lab">{lab(t, s, "allocations")}</th>']
    out.extend(f"<th>{y}</th>" for y in years)
    out.append("</tr></thead><tbody>")
    for number, name in items:
        amounts = {r["year"]: r["amount"] for r in o.get("resources", [])
                   if r.get("budget_item") == name}
        label = f"{number} {name}".strip()
        out.append(f'<tr><td class="lab">{html.escape(label)}</td>')
        out.extend(amount_cell(t, amounts.get(y)) for y in years)
        out.append("</tr>")
    out.append("</tbody></table>")
    return "".join(out)


def pair(t, s, key, value):
    return (f'<tr><td class="lab lab-col">{lab(t, s, key)}</td>'
            f'<td class="long">{esc(value)}</td></tr>')


def objective_card(t, s, o, years):
    centre = f'<table class="card">{pair(t, s, "centre", o.get("responsibility_centre"))}</table>'
    alloc = allocations_html(t, s, o, years)
    body = (f'<table class="card">{pair(t, s, "objective", o.get("title"))}'
            f'{pair(t, s, "description", o.get("description"))}</table>')
    parts = [centre, body, alloc] if t["resources_last"] else [centre, alloc, body]
    return "".join(parts)


def targets_by_year(ind, years):
    got = {x["year"]: x.get("target") for x in ind.get("targets", [])}
    ops = [v[:2] for v in got.values() if v]
    op = ops[0] if ops and ops[0] in (">=", "<=") else ">="
    return [esc(got[y]) if got.get(y) else (op if y in got else "") for y in years]


def kpi_cells(t, code, title, span):
    """The KPI code and title over `span` columns: the code in a cell of
    its own, or "KPI156 - Title" in one."""
    if t["code_apart"] and code and span > 1:
        rest = f' colspan="{span - 1}"' if span > 2 else ""
        return f"<td>{code}</td><td{rest}>{title}</td>"
    text = f"{code} - {title}" if code else title
    return f'<td colspan="{span}">{text}</td>'


def indicator_card(t, s, ind, years):
    code = esc(ind.get("kpi_code"))
    title = esc(ind.get("title"))
    targets = targets_by_year(ind, years)
    out = [f'<div class="gap" style="height:{t["card_gap_pt"]}pt"></div><table class="card ind">']
    if t["headed"]:
        span = len(years) + 1
        kpi_span = max(1, span - 2)
        out.append(f'<tr class="head"><td class="lab" colspan="{kpi_span}">{lab(t, s, "kpi")}</td>'
                   f'<td class="lab">{lab(t, s, "type")}</td>'
                   f'<td class="lab">{lab(t, s, "source")}</td></tr>')
        out.append(f'<tr>{kpi_cells(t, code, title, kpi_span)}<td>{esc(ind.get("type"))}</td>'
                   f'<td>{esc(ind.get("data_source"))}</td></tr>')
        out.append(f'<tr class="head"><td class="lab">{lab(t, s, "unit")}</td>')
        out.extend(f'<td class="lab">{y}</td>' for y in years)
        out.append(f'</tr><tr><td>{esc(ind.get("unit"))}</td>')
        out.extend(f"<td>{v}</td>" for v in targets)
        out.append("</tr>")
        out.append(f'<tr><td class="lab">{lab(t, s, "method")}</td>'
                   f'<td colspan="{span - 1}">{esc(ind.get("algorithm"))}</td></tr>')
    else:
        span = len(years)
        out.append(f'<tr><td class="lab lab-col">{lab(t, s, "kpi")}</td>'
                   f'{kpi_cells(t, code, title, span)}</tr>')
        for key, field in (("type", "type"), ("source", "data_source"), ("unit", "unit")):
            out.append(f'<tr><td class="lab lab-col">{lab(t, s, key)}</td>'
                       f'<td colspan="{span}">{esc(ind.get(field))}</td></tr>')
        out.append('<tr class="head"><td class="lab lab-col"></td>')
        out.extend(f'<td class="lab">{y}</td>' for y in years)
        out.append('</tr><tr><td class="lab lab-col">Target</td>')
        out.extend(f"<td>{v}</td>" for v in targets)
        out.append("</tr>")
        out.append(f'<tr><td class="lab lab-col">{lab(t, s, "method")}</td>'
                   f'<td colspan="{span}">{esc(ind.get("algorithm"))}</td></tr>')
    out.append("</table>")
    return "".join(out)


def cards_html(t, s, g):
    years = plan_years(g)
    out = []
    for i, o in enumerate(g["objectives"]):
        cls = "blk" if s["borders"] == "box" else "obj"
        if i > 0 and (t["card_break"] or s["new_page"]):
            cls += " newpage"
        part = [f'<div class="{cls}">', objective_card(t, s, o, years)]
        part.extend(indicator_card(t, s, ind, years) for ind in o.get("indicators", []))
        part.append("</div>")
        out.append("".join(part))
    return "".join(out)


def css(t, s):
    rules = [".count { margin-top: 3pt; font-style: italic; }",
             "td.num { text-align: right; white-space: nowrap; }",
             ".eur { float: left; padding-right: 6pt; }",
             ".alloc th { text-align: center; } .alloc td.lab { text-align: left; }",
             ".tmpl td, .tmpl th { font-size: " + str(s["table_pt"]) + "pt; }",
             ".tmpl th { text-align: center; vertical-align: middle; }"]
    if t["avoid_row_break"]:
        rules.append(".tmpl.keep tr { break-inside: avoid; }")
    if s["table_center"]:
        rules.append(".tmpl td:nth-last-child(-n+3) { text-align: center; }")
    return "\n".join(rules)


def body_html(t, s, g):
    if t["template"] == "kpi-table":
        return kpi_table_html(t, s, g)
    if t["template"] == "matrix":
        return matrix_html(t, s, g)
    return cards_html(t, s, g)


def describe(t):
    if t["template"] == "card":
        return (f"card: {'headed' if t['headed'] else 'label/value'} indicator fields, code "
                f"{'apart' if t['code_apart'] else 'with title'}, resources "
                f"{'last' if t['resources_last'] else 'after the centre'}, euro {t['euro']}")
    order = "missione first" if t["mission_first"] else "missione last"
    if t["template"] == "matrix":
        order = f"count {t['count_word']!r}{' apart' if t['count_apart'] else ''}"
    spans = ("spans wide" if t["span_wide"] else "spans") if t["span"] else "repeats"
    rows = "rows kept whole" if t["avoid_row_break"] else "rows may break"
    return f"{t['template']}: objective cell {spans}, {order}, {rows}, heads " + \
        " | ".join(t["heads"].values())
