#!/usr/bin/env python3
"""A second, independent renderer of PIRA reports: HTML printed by Chromium.

usage: render.py GOLD.json OUT.pdf [--seed N] [--html-only] [--describe]

Reads a gold file (shared/eval/GOLD_SCHEMA.md: the records a report holds)
and sets the same records as another office's HTML report, drawn from the
seed, then prints it to PDF with headless Chromium. Writes OUT.pdf, OUT.html
beside it and OUT.gold.json (the same records, `source` naming the PDF).

pira's own generator (examples/make_fixtures) places every glyph and rule
itself; here a browser lays the page out, so the PDF holds what a browser
does and make_fixtures never did: CSS borders painted as filled rectangles
(collapsed or doubled), shaded header, label and zebra rows (filled
rectangles that are no rules), rounded boxes, no borders at all; a <thead>
repeated on each page a table breaks over, rows cut across pages; the
scheda as a 2-column table, a <dl> beside or above its values, labels in
bold or ending with ':'; the DejaVu faces of the machine at 8-12 pt,
justified and hyphenated text; A4 portrait or landscape; running lines
('Pagina N di M', or the entity and year) from CSS margin boxes, or the
browser's own header and footer (date, title, file, page count); the
wording variants of issue 12; and, from a stream of the seed of their own
(draw_office), DejaVu Sans Light, header cells a word a line, numbers set
right in their cells, a column of row numbers ("N.") in a wide table, a
table of contents on the cover.

Python 3.11 standard library only. Chromium: $CHROMIUM or /usr/bin/chromium.
"""
import argparse
import html
import json
import os
import random
import re
import subprocess
import sys
import tempfile

import templates

FACES = ["DejaVu Sans", "DejaVu Serif", "DejaVu Sans Condensed", "DejaVu Serif Condensed"]

# Label wordings: the vocabulary of issue 12 (vocab/default.vocab [labels]).
WORDING = {
    "mission": ["Missione"],
    "programme": ["Programma"],
    "objective": ["Obiettivo", "Obiettivo strategico"],
    "title": ["Titolo"],
    "description": ["Descrizione"],
    "time_frame": ["Arco temporale realizzazione", "Arco temporale di realizzazione",
                   "Periodo di realizzazione"],
    "centre": ["Centro di responsabilità", "Centro di Responsabilità"],
    "resources": ["Risorse finanziarie"],
    "count": ["Nr indicatori associati", "Numero indicatori associati", "Numero indicatori",
              "N. indicatori"],
    "code": ["Codice obiettivo"],
    "indicator": ["Indicatore"],
    "measures": ["Cosa misura", "Ciò che misura"],
    "type": ["Tipologia"],
    "unit": ["Unità di misura"],
    "algorithm": ["Algoritmo di calcolo", "Metodo di calcolo"],
    "data_source": ["Fonte dei dati", "Fonte del dato"],
    "last_observed": ["Ultimo valore osservato"],
    "target": ["Risultato atteso al 31/12/{year}", "Risultato atteso {year}", "Target",
               "Target {year}", "Risultato atteso"],
    "actual": ["Valore a consuntivo", "Valore a Consuntivo", "Valore consuntivo",
               "Valori consuntivi", "Valore osservato al 31/12/{year}"],
    "other": ["Se altro, indicare qui"],
}

SHADES = ["#d9d9d9", "#e7eef7", "#c6d9f1", "#eeeeee", "#dde8cb", "#fce4d6"]
INKS = ["#000", "#333", "#555", "#888", "#1f4e79", "#7f7f7f"]


def draw_style(seed):
    """Everything about the look, drawn from the seed alone."""
    r = random.Random(f"outside-render:{seed}")
    s = {}
    s["landscape"] = r.random() < 0.5
    s["margin_mm"] = r.randint(10, 25)
    s["face"] = r.choice(FACES)
    s["label_face"] = s["face"] if r.random() < 0.7 else r.choice(FACES)
    s["body_pt"] = r.choice([8, 8.5, 9, 9.5, 10, 10.5, 11, 11.5, 12])
    s["table_pt"] = max(7.5, s["body_pt"] - r.choice([0, 0.5, 1, 1.5]))
    s["line_height"] = round(r.uniform(1.1, 1.5), 2)
    s["justify"] = r.random() < 0.4
    s["hyphenate"] = s["justify"] and r.random() < 0.4
    s["borders"] = r.choice(["collapse", "collapse", "separate", "horizontal", "none", "box"])
    s["border_w"] = r.choice(["1px", "0.5pt", "0.75pt", "1pt", "1.5pt", "2px"])
    s["ink"] = r.choice(INKS)
    s["radius"] = s["borders"] == "box" or (s["borders"] == "separate" and r.random() < 0.5)
    s["shade_head"] = r.choice(SHADES) if r.random() < 0.5 else None
    s["dark_head"] = s["shade_head"] is not None and r.random() < 0.2
    s["shade_labels"] = r.choice(SHADES) if r.random() < 0.3 else None
    s["zebra"] = r.choice(["#f2f2f2", "#f7f9fc", "#eef3e8"]) if r.random() < 0.3 else None
    s["pad_pt"] = r.choice([1.5, 2, 3, 4, 5])
    s["scheda"] = r.choice(["table", "table", "dl-side", "dl-above"])
    s["nested_objective"] = s["scheda"] == "table" and r.random() < 0.4
    s["label_w_pct"] = r.randint(14, 30)
    s["label_colon"] = r.random() < 0.35
    s["label_bold"] = r.random() < 0.75
    s["label_upper"] = r.random() < 0.15
    s["words"] = {k: r.choice(v) for k, v in WORDING.items()}
    s["code_above"] = r.random() < 0.4
    s["code_labelled"] = r.random() < 0.4
    s["fields"] = "table" if r.random() < 0.65 else "cards"
    s["table_center"] = r.random() < 0.5
    s["col_weights"] = [r.randint(60, 160) for _ in range(7)]
    s["other_rows"] = r.choice([0, 0, 0, 1, 3])
    s["cover"] = r.random() < 0.6
    s["summary"] = r.random() < 0.4
    s["new_page"] = r.random() < 0.5
    s["running"] = r.choice(["margin-box", "margin-box", "entity-line", "browser", "none"])
    s["indicator_gap_pt"] = r.choice([2, 6, 10, 14])
    s["running_top"] = r.random() < 0.5
    s.update(draw_office(seed))
    return s


# Faces of the machine besides the ones above (fc-list), drawn now and
# then for the body text. Not DejaVu Sans Mono: a wide table set in it
# overflows the sheet, and the browser clips what does.
MORE_FACES = ["DejaVu Sans Light"]


def draw_office(seed):
    """More of what an office's printout varies in, from a stream of the
    seed of its own (the looks drawn above stay as they were): another
    face of the machine, header cells broken over lines, numbers set
    right, a column of row numbers, a table of contents on the cover."""
    r = random.Random(f"outside-render:office:{seed}")
    o = {}
    o["more_face"] = r.choice(MORE_FACES) if r.random() < 0.2 else None
    o["head_breaks"] = r.random() < 0.3
    o["right_numbers"] = r.random() < 0.35
    o["row_numbers"] = r.random() < 0.25
    o["toc"] = r.random() < 0.3
    return o


NUMBER = re.compile(r"^[<>=≤≥\s€-]*[0-9][0-9.,]*\s*(%|€|gg\.?|giorni)?$")


def number_class(s, value):
    """' class="num"' for a cell that holds a number alone, where the
    office sets numbers right."""
    if s.get("right_numbers") and value is not None and NUMBER.match(str(value).strip()):
        return ' class="rnum"'
    return ""


def head_text(s, text):
    """A header cell's words, one a line where the office breaks them."""
    words = html.escape(text).split(" ")
    if s.get("head_breaks") and len(words) > 1:
        return "<br>".join(words)
    return " ".join(words)


def label(s, key, year):
    text = s["words"][key].replace("{year}", str(year))
    if s["label_upper"]:
        text = text.upper()
    return text


def shown_label(s, key, year):
    text = label(s, key, year)
    return text + ":" if s["label_colon"] else text


SYLLABLE = re.compile(r"(?<=[aeiouàèéìòù])(?=[bcdfglmnprstvz][aeiouàèéìòù])", re.I)


def hyphenated(text):
    """Soft hyphens between Italian syllables (vowel | consonant vowel) of
    long words, so a justified line may break inside a word."""
    def soft(m):
        word = m.group(0)
        parts = SYLLABLE.split(word)
        if len(word) < 9 or len(parts) < 3:
            return word
        return "\u00ad".join(parts)
    return re.sub(r"[A-Za-zÀ-ÿ]+", soft, text)


def esc(text, s=None, long_text=False):
    """A value as HTML: newlines as <br>, soft hyphens in long text."""
    if text is None:
        return ""
    text = str(text)
    if long_text and s is not None and s["hyphenate"]:
        text = hyphenated(text)
    return "<br>".join(html.escape(line) for line in text.split("\n"))


def css(s):
    size = "A4 landscape" if s["landscape"] else "A4 portrait"
    bw, ink = s["border_w"], s["ink"]
    rules = []
    rules.append(f"@page {{ size: {size}; margin: {s['margin_mm']}mm {s['margin_mm']}mm; "
                 + running_boxes(s) + "}")
    rules.append(f"body {{ font-family: '{s['face']}'; font-size: {s['body_pt']}pt; "
                 f"line-height: {s['line_height']}; margin: 0; }}")
    align = "justify" if s["justify"] else "left"
    rules.append(f".long {{ text-align: {align}; hyphens: manual; }}")
    rules.append("table { width: 100%; margin: 0 0 4pt 0; }")
    rules.append(f"td, th, dt, dd {{ padding: {s['pad_pt']}pt {s['pad_pt'] + 1}pt; "
                 "vertical-align: top; text-align: left; }")
    rules.append(f".ind td, .ind th {{ font-size: {s['table_pt']}pt; }}")
    if s["table_center"]:
        rules.append(".ind tbody td { text-align: center; }")
    rules.append(".ind th { text-align: center; vertical-align: middle; }")
    lab = f"font-family: '{s['label_face']}';"
    lab += " font-weight: bold;" if s["label_bold"] else " font-weight: normal;"
    rules.append(f".lab {{ {lab} }}")
    rules.append("th { font-weight: bold; }")
    b = s["borders"]
    if b == "collapse":
        rules.append("table { border-collapse: collapse; }")
        rules.append(f"td, th {{ border: {bw} solid {ink}; }}")
    elif b == "separate":
        rules.append("table { border-collapse: separate; border-spacing: 2px; "
                     f"border: {bw} solid {ink}; }}")
        rules.append(f"td, th {{ border: {bw} solid {ink}; }}")
        if s["radius"]:
            rules.append("td, th { border-radius: 3px; } table { border-radius: 5px; }")
    elif b == "horizontal":
        rules.append("table { border-collapse: collapse; }")
        rules.append(f"td, th {{ border-top: {bw} solid {ink}; border-bottom: {bw} solid {ink}; }}")
    elif b == "box":
        rules.append("table { border-collapse: separate; border-spacing: 0; }")
        rules.append(f".blk {{ border: {bw} solid {ink}; border-radius: 8px; padding: 4pt; "
                     "margin-bottom: 6pt; }")
    else:
        rules.append("table { border-collapse: collapse; }")
    if s["shade_head"]:
        fg = "#fff" if s["dark_head"] else "#000"
        bg = "#1f4e79" if s["dark_head"] else s["shade_head"]
        rules.append(f"thead th, tr.head td {{ background: {bg}; color: {fg}; }}")
    if s["shade_labels"]:
        rules.append(f"td.lab, dt.lab {{ background: {s['shade_labels']}; }}")
    if s["zebra"]:
        rules.append(f"tbody tr:nth-child(even) td {{ background: {s['zebra']}; }}")
    rules.append(f".lab-col {{ width: {s['label_w_pct']}%; }}")
    rules.append(f".sub-col {{ width: {s['label_w_pct'] // 2 + 6}%; }}")
    if s["scheda"] == "dl-side":
        rules.append(f"dl.scheda {{ display: grid; grid-template-columns: {s['label_w_pct']}% 1fr; "
                     "margin: 0 0 4pt 0; }")
        rules.append("dl.scheda dt, dl.scheda dd { margin: 0; }")
        if b in ("collapse", "separate"):
            rules.append(f"dl.scheda dt, dl.scheda dd {{ border-bottom: {bw} solid {ink}; }}")
    elif s["scheda"] == "dl-above":
        rules.append("dl.scheda { margin: 0 0 4pt 0; }")
        rules.append("dl.scheda dt { margin: 4pt 0 0 0; } dl.scheda dd { margin: 0 0 2pt 0; }")
        if b in ("collapse", "separate", "horizontal"):
            rules.append(f"dl.scheda dd {{ border-bottom: {bw} solid {ink}; }}")
    rules.append(".code { font-weight: bold; margin: 4pt 0; }")
    rules.append(f".gap {{ height: {s['indicator_gap_pt']}pt; }}")
    rules.append(".cover { text-align: center; break-after: page; }")
    rules.append(".cover h1 { font-size: 16pt; margin-top: 30mm; } .cover h2 { font-size: 13pt; }")
    rules.append(".cover p.intro { text-align: left; font-size: 9pt; }")
    rules.append(".newpage { break-before: page; }")
    rules.append("td.rnum { text-align: right !important; }")
    rules.append("table.toc { border: none; text-align: left; } table.toc td { border: none; "
                 "background: none; } td.tocd { border-bottom: 1px dotted #888 !important; "
                 "width: 20%; } td.tocn { width: 3em; }")
    return "\n".join(rules)


def running_boxes(s):
    """CSS margin boxes: a page count, or the entity and year repeated on
    every page (as a header or a footer, in the page's margin)."""
    if s["running"] == "margin-box":
        return ("@bottom-center { content: \"Pagina \" counter(page) \" di \" counter(pages); "
                "font-size: 8pt; } ")
    if s["running"] == "entity-line":
        box = "@top-right" if s["running_top"] else "@bottom-right"
        text = s["running_text"].replace('"', '\\"')
        return f'{box} {{ content: "{text}"; font-size: 7.5pt; color: #555; }} '
    return ""


def scheda_rows(s, o, year):
    """The scheda's (label key, value, is long text) rows."""
    mission = f"{o['mission_code']} - {o['mission_name']}"
    programme = f"{o['programme_code']} - {o['programme_name']}"
    return [
        ("mission", mission, False),
        ("programme", programme, False),
        ("title" if s["nested_objective"] else "objective", o.get("title") or "", False),
        ("description", o.get("description") or "", True),
        ("time_frame", o.get("time_frame") or "", False),
        ("centre", o.get("responsibility_centre") or "", False),
        ("resources", o.get("resources_text") or "", True),
    ]


def label_cell(s, key, year, tag="td", extra=""):
    return f"<{tag} class=\"lab{extra}\">{html.escape(shown_label(s, key, year))}</{tag}>"


def value_cell(s, value, long_text):
    cls = ' class="long"' if long_text else ""
    return f"<td{cls}>{esc(value, s, long_text)}</td>"


def scheda_html(s, o, year):
    rows = scheda_rows(s, o, year)
    if s["scheda"] == "table":
        nested = s["nested_objective"]
        cols = '<col class="lab-col"><col class="sub-col"><col>' if nested else \
            '<col class="lab-col"><col>'
        out = [f'<table class="scheda"><colgroup>{cols}</colgroup><tbody>']
        for key, value, long_text in rows:
            out.append("<tr>")
            if nested and key == "title":
                out.append(f'<td class="lab" rowspan="2">'
                           f'{html.escape(shown_label(s, "objective", year))}</td>')
            if nested and key in ("title", "description"):
                out.append(label_cell(s, key, year))
            else:
                span = ' colspan="2"' if nested else ""
                out.append(label_cell(s, key, year).replace("<td", f"<td{span}", 1))
            out.append(value_cell(s, value, long_text))
            out.append("</tr>")
        out.append("</tbody></table>")
        return "".join(out)
    out = ['<dl class="scheda">']
    for key, value, long_text in rows:
        if key == "title" and s["nested_objective"]:
            key = "objective"
        cls = ' class="long"' if long_text else ""
        out.append(label_cell(s, key, year, "dt"))
        out.append(f"<dd{cls}>{esc(value, s, long_text)}</dd>")
    out.append("</dl>")
    return "".join(out)


def code_html(s, o, year):
    if s["code_labelled"]:
        return (f'<table class="codetab"><colgroup><col class="lab-col"><col></colgroup><tr>'
                f'{label_cell(s, "code", year)}<td><b>{html.escape(o["code"])}</b></td></tr></table>')
    return f'<div class="code">{html.escape(o["code"])}</div>'


def count_html(s, o, year):
    n = o.get("declared_indicators")
    n = "" if n is None else str(n)
    return (f'<table class="count"><colgroup><col class="lab-col"><col></colgroup><tr>'
            f'{label_cell(s, "count", year)}<td>{n}</td></tr></table>')


def indicator_fields(s, ind, year, final_account):
    keys = ["type", "unit", "algorithm", "data_source", "last_observed", "target"]
    names = {"type": "type", "unit": "unit", "algorithm": "algorithm",
             "data_source": "data_source", "last_observed": "last_observed",
             "target": "target", "actual": "actual"}
    if final_account:
        keys.append("actual")
    return [(k, ind.get(names[k])) for k in keys]


def indicator_html(s, ind, year, final_account):
    out = ['<div class="gap"></div>']
    head = f"{label(s, 'indicator', year)} {ind['number']}"
    if s["label_colon"]:
        head += ":"
    out.append('<table class="indhead"><colgroup><col class="lab-col"><col></colgroup><tbody>')
    out.append(f'<tr><td class="lab">{html.escape(head)}</td>'
               f'<td><b>{esc(ind.get("title"))}</b></td></tr>')
    out.append(f'<tr>{label_cell(s, "measures", year)}<td>{esc(ind.get("measures"))}</td></tr>')
    fields = indicator_fields(s, ind, year, final_account)
    if s["fields"] == "cards":
        for key, value in fields:
            out.append(f"<tr>{label_cell(s, key, year)}<td>{esc(value)}</td></tr>")
        out.append("</tbody></table>")
    else:
        out.append("</tbody></table>")
        weights = s["col_weights"][: len(fields)]
        total = sum(weights)
        cols = "".join(f'<col style="width:{100 * w / total:.1f}%">' for w in weights)
        out.append(f'<table class="ind"><colgroup>{cols}</colgroup><thead><tr>')
        out.extend(f"<th>{head_text(s, label(s, k, year))}</th>" for k, _ in fields)
        out.append("</tr></thead><tbody><tr>")
        out.extend(f"<td{number_class(s, v)}>{esc(v)}</td>" for _, v in fields)
        out.append("</tr></tbody></table>")
    if s["other_rows"]:
        out.append('<table class="other"><colgroup><col class="lab-col"><col></colgroup><tbody>')
        for _ in range(s["other_rows"]):
            out.append(f'<tr><td>{html.escape(label(s, "other", year))}</td><td></td></tr>')
        out.append("</tbody></table>")
    return "".join(out)


def cover_html(s, g, final_account):
    year = g["year"]
    kind = (f"Rendicontazione al 31/12/{year} - Allegato al Bilancio d'esercizio {year}"
            if final_account else f"Allegato al Bilancio preventivo {year}")
    out = ['<div class="cover">' if s["cover"] else '<div class="title">']
    out.append(f"<h1>{html.escape(g['entity'])}</h1>")
    out.append("<h2>PIANO DEGLI INDICATORI E DEI RISULTATI ATTESI DI BILANCIO</h2>")
    out.append(f"<p>(P.I.R.A. {year})</p><p>{html.escape(kind)}</p>")
    if s["toc"] and s["cover"]:
        out.append(toc_html(g))
    if s["summary"]:
        out.append('<p class="intro"><b>QUADRO RIEPILOGATIVO DEGLI OBIETTIVI</b></p>')
        out.append('<table class="summary"><thead><tr><th>Missione</th><th>Programma</th>'
                   "<th>Codice</th><th>Obiettivo</th></tr></thead><tbody>")
        for o in g["objectives"]:
            title = (o.get("title") or "").capitalize()
            out.append(f"<tr><td>{esc(o['mission_code'] + ' - ' + o['mission_name'])}</td>"
                       f"<td>{esc(o['programme_code'] + ' - ' + o['programme_name'])}</td>"
                       f"<td>{esc(o['code'])}</td><td>{esc(title)}</td></tr>")
        out.append("</tbody></table>")
    out.append("</div>")
    return "".join(out)


def toc_html(g):
    """The cover's table of contents: each objective's title (and code,
    where it has one), numbered, with a dotted leader."""
    out = ['<p class="intro"><b>INDICE</b></p><table class="toc"><tbody>']
    for n, o in enumerate(g["objectives"], 1):
        title = (o.get("title") or "").capitalize()
        code = f"{o['code']} - " if o.get("code") and not o["code"].startswith("#") else ""
        out.append(f'<tr><td class="tocn">{n}.</td><td class="toct">{esc(code + title)}</td>'
                   f'<td class="tocd"></td></tr>')
    out.append("</tbody></table>")
    return "".join(out)


def final_account_of(g):
    if g.get("kind"):
        return g["kind"] == "final-account"
    return any(i.get("actual") for o in g["objectives"] for i in o.get("indicators", []))


def template_html(s, t, g):
    """A report in one of issue 15's templates: the title block (no summary
    of codes: these objectives have none) and the template's body."""
    s = dict(s, summary=False)
    body = cover_html(s, g, final_account_of(g)) + templates.body_html(t, s, g)
    return ('<!doctype html>\n<html lang="it"><head><meta charset="utf-8">'
            f"<title>P.I.R.A. {g['year']}</title><style>\n{css(s)}\n{templates.css(t, s)}\n"
            f"</style></head><body>{body}</body></html>\n")


def report_html(s, g):
    year = g["year"]
    final_account = final_account_of(g)
    body = []
    body.append(cover_html(s, g, final_account))
    for i, o in enumerate(g["objectives"]):
        cls = "blk" if s["borders"] == "box" else "obj"
        if s["new_page"] and (i > 0 or not s["cover"]) and (i > 0 or s["summary"]):
            cls += " newpage"
        part = [f'<div class="{cls}">']
        if s["code_above"]:
            part.append(code_html(s, o, year))
        part.append(scheda_html(s, o, year))
        if not s["code_above"]:
            part.append(code_html(s, o, year))
        part.append(count_html(s, o, year))
        part.extend(indicator_html(s, ind, year, final_account) for ind in o.get("indicators", []))
        part.append("</div>")
        body.append("".join(part))
    return ('<!doctype html>\n<html lang="it"><head><meta charset="utf-8">'
            f"<title>P.I.R.A. {year}</title><style>\n{css(s)}\n</style></head>"
            f"<body>{''.join(body)}</body></html>\n")


def describe(s):
    return (f"{'landscape' if s['landscape'] else 'portrait'}, {s['face']} {s['body_pt']}/"
            f"{s['table_pt']} pt, borders {s['borders']} {s['border_w']}"
            f"{', head shaded' if s['shade_head'] else ''}"
            f"{', labels shaded' if s['shade_labels'] else ''}{', zebra' if s['zebra'] else ''}, "
            f"scheda {s['scheda']}{' nested' if s['nested_objective'] else ''}"
            f"{', labels:' if s['label_colon'] else ''}, fields {s['fields']}, code "
            f"{'above' if s['code_above'] else 'below'}{' labelled' if s['code_labelled'] else ''}, "
            f"{s['other_rows']} 'Se altro', {'cover' if s['cover'] else 'no cover'}"
            f"{', summary' if s['summary'] else ''}, running {s['running']}"
            f"{', justified' if s['justify'] else ''}{', hyphenated' if s['hyphenate'] else ''}"
            f"{describe_office(s)}")


def describe_office(s, kind="scheda"):
    """What draw_office drew that the report shows: a `kind` "card" has
    no header row of fields nor numbers alone in a cell to set right,
    and only a "wide" table numbers its rows."""
    table = kind != "card"
    return (f"{', face ' + s['more_face'] if s['more_face'] else ''}"
            f"{', heads broken' if s['head_breaks'] and table else ''}"
            f"{', numbers right' if s['right_numbers'] and table else ''}"
            f"{', row numbers' if s['row_numbers'] and kind == 'wide' else ''}"
            f"{', contents' if s['toc'] and s['cover'] else ''}")


def describe_page(s, kind):
    """The page look alone (a template's body is described by templates.py)."""
    return (f"{'landscape' if s['landscape'] else 'portrait'}, {s['face']} {s['body_pt']}/"
            f"{s['table_pt']} pt, borders {s['borders']} {s['border_w']}"
            f"{', head shaded' if s['shade_head'] else ''}"
            f"{', labels shaded' if s['shade_labels'] else ''}{', zebra' if s['zebra'] else ''}"
            f"{', labels:' if s['label_colon'] else ''}, {'cover' if s['cover'] else 'no cover'}"
            f", running {s['running']}{describe_office(s, kind)}")


def print_pdf(html_path, pdf_path, browser_header):
    chromium = os.environ.get("CHROMIUM", "/usr/bin/chromium")
    args = [chromium, "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
            "--disable-background-networking"]
    if not browser_header:
        args.append("--no-pdf-header-footer")
    with tempfile.TemporaryDirectory(prefix="outside-render-") as profile:
        args += [f"--user-data-dir={profile}", f"--print-to-pdf={pdf_path}",
                 "file://" + os.path.abspath(html_path)]
        res = subprocess.run(args, capture_output=True, text=True, timeout=180)
    if res.returncode != 0 or not os.path.exists(pdf_path):
        sys.exit(f"render.py: chromium failed on {html_path}: {res.stderr.strip()[-300:]}")


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("gold")
    ap.add_argument("pdf")
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--html-only", action="store_true")
    ap.add_argument("--describe", action="store_true", help="print the drawn style")
    a = ap.parse_args()
    g = json.load(open(a.gold, encoding="utf-8"))
    s = draw_style(a.seed)
    if s["more_face"]:
        s["face"] = s["more_face"]
    s["running_text"] = f"{g['entity']} - P.I.R.A. {g['year']}"
    t = None
    if g.get("template") in ("kpi-table", "matrix", "card"):
        t = templates.draw_look(g["template"], a.seed)
        templates.fit_page(t, s)
    stem = a.pdf[:-4] if a.pdf.endswith(".pdf") else a.pdf
    html_path = stem + ".html"
    with open(html_path, "w", encoding="utf-8") as f:
        f.write(report_html(s, g) if t is None else template_html(s, t, g))
    g["source"] = os.path.basename(stem + ".pdf")
    with open(stem + ".gold.json", "w", encoding="utf-8") as f:
        json.dump(g, f, ensure_ascii=False, indent=1)
    if not a.html_only:
        print_pdf(html_path, stem + ".pdf", s["running"] == "browser")
    if a.describe:
        kind = "card" if t is not None and t["template"] == "card" else "wide"
        print(describe(s) if t is None else describe_page(s, kind) + "; "
              + templates.describe(t))


if __name__ == "__main__":
    main()
