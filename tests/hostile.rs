//! Hostile inputs, generated here: each bad one gets the contract's
//! behaviour (one line naming the file and the reason, no output file for
//! it, exit status 1) and the good inputs of the same batch are converted.

mod common;

use std::io::Write;
use std::path::Path;
use std::process::Command;

use lopdf::{dictionary, Document, Object, Stream};

fn pdf_with(pages: usize, content: &[u8], filter: Option<&str>) -> Vec<u8> {
    let mut doc = Document::with_version("1.5");
    let pages_id = doc.new_object_id();
    let mut dict = dictionary! {};
    if let Some(f) = filter {
        dict.set("Filter", Object::Name(f.as_bytes().to_vec()));
    }
    let content_id = doc.add_object(Stream::new(dict, content.to_vec()));
    let kids: Vec<Object> = (0..pages)
        .map(|_| {
            doc.add_object(dictionary! {
                "Type" => "Page", "Parent" => pages_id, "Contents" => content_id,
                "MediaBox" => vec![0.into(), 0.into(), 842.into(), 595.into()],
            })
            .into()
        })
        .collect();
    doc.objects.insert(
        pages_id,
        Object::Dictionary(
            dictionary! { "Type" => "Pages", "Kids" => kids, "Count" => pages as i64 },
        ),
    );
    let catalog = doc.add_object(dictionary! { "Type" => "Catalog", "Pages" => pages_id });
    doc.trailer.set("Root", catalog);
    let mut bytes = Vec::new();
    doc.save_to(&mut bytes).expect("a PDF is written");
    bytes
}

/// A content stream that inflates to 300 MiB of zeros.
fn deflate_bomb() -> Vec<u8> {
    let mut z = flate2::write::ZlibEncoder::new(Vec::new(), flate2::Compression::best());
    let zeros = vec![0u8; 1 << 20];
    for _ in 0..300 {
        z.write_all(&zeros).expect("compress");
    }
    pdf_with(1, &z.finish().expect("compress"), Some("FlateDecode"))
}

/// A page tree whose Pages node is its own kid.
fn reference_cycle() -> Vec<u8> {
    let mut doc = Document::with_version("1.5");
    let pages_id = doc.new_object_id();
    doc.objects.insert(
        pages_id,
        Object::Dictionary(
            dictionary! { "Type" => "Pages", "Kids" => vec![pages_id.into()], "Count" => 1 },
        ),
    );
    let catalog = doc.add_object(dictionary! { "Type" => "Catalog", "Pages" => pages_id });
    doc.trailer.set("Root", catalog);
    let mut bytes = Vec::new();
    doc.save_to(&mut bytes).expect("a PDF is written");
    bytes
}

/// `pdf` encrypted (RC4 128-bit) with `user_password`; the empty password
/// opens it without asking, as most "protected" downloads do.
fn encrypted(pdf: &[u8], user_password: &str) -> Vec<u8> {
    let mut doc = Document::load_mem(pdf).expect("the generated PDF loads");
    let id = Object::String(
        b"pira-hostile-id0".to_vec(),
        lopdf::StringFormat::Hexadecimal,
    );
    doc.trailer.set("ID", vec![id.clone(), id]);
    let state = lopdf::EncryptionState::try_from(lopdf::EncryptionVersion::V2 {
        document: &doc,
        owner_password: "proprietario",
        user_password,
        key_length: 128,
        permissions: lopdf::Permissions::all(),
    })
    .expect("encryption state");
    doc.encrypt(&state).expect("encrypts");
    let mut bytes = Vec::new();
    doc.save_to(&mut bytes).expect("a PDF is written");
    bytes
}

fn latin1(text: &str) -> Vec<u8> {
    text.chars()
        .map(|c| u8::try_from(u32::from(c)).unwrap_or(b'?'))
        .collect()
}

fn utf16_bom(text: &str) -> Vec<u8> {
    let mut out = vec![0xFF, 0xFE];
    for u in text.encode_utf16() {
        out.extend(u.to_le_bytes());
    }
    out
}

#[test]
fn hostile_batch() {
    let tmp = tempfile::tempdir().expect("a temporary folder");
    let dir = tmp.path().join("in");
    std::fs::create_dir_all(&dir).expect("folder");
    let born = std::fs::read(
        Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("fixtures/generated/gen_s1_01_brescia_2023_consuntivo.pdf"),
    )
    .expect("the generated PDF");
    let sample = common::clean_report();
    let mut broken_xref = born.clone();
    // Scramble the cross-reference table's offsets: lopdf rebuilds it.
    if let Some(at) = broken_xref.windows(5).position(|w| w == b"\nxref") {
        let end = (at + 60).min(broken_xref.len());
        broken_xref[at + 12..end]
            .iter_mut()
            .filter(|b| b.is_ascii_digit())
            .for_each(|b| *b = b'7');
    }
    let bad: Vec<(&str, Vec<u8>, &str)> = vec![
        ("truncated.pdf", born[..born.len() / 3].to_vec(), "PDF"),
        ("zero-pages.pdf", pdf_with(0, b"", None), "no pages"),
        ("cycle.pdf", reference_cycle(), ""),
        ("bomb.pdf", deflate_bomb(), ""),
        (
            "many-pages.pdf",
            pdf_with(5000, b"BT /F1 12 Tf (x) Tj ET", None),
            "over the limit of 2000 pages",
        ),
        (
            "not-a.pdf",
            b"\x00\x01\x02 this is not a PDF \xff\xfe\x00".to_vec(),
            "not a text report",
        ),
        (
            "binary.txt",
            (0..4096u32).map(|i| (i * 7 % 256) as u8).collect(),
            "not a text report",
        ),
        ("empty.txt", Vec::new(), "empty"),
        (
            "password.pdf",
            encrypted(&born, "segreta"),
            "encrypted with a password",
        ),
    ];
    let good: Vec<(&str, Vec<u8>)> = vec![
        ("latin1.txt", latin1(&sample)),
        ("utf16.txt", utf16_bom(&sample)),
        ("born-digital.pdf", born.clone()),
        ("broken-xref.pdf", broken_xref),
        ("empty-password.pdf", encrypted(&born, "")),
    ];
    for (name, bytes, _) in &bad {
        std::fs::write(dir.join(name), bytes).expect("write");
    }
    for (name, bytes) in &good {
        std::fs::write(dir.join(name), bytes).expect("write");
    }
    let output = Command::new(env!("CARGO_BIN_EXE_pira"))
        .args(["extract", "in", "--out", "out", "--timeout", "60"])
        .current_dir(tmp.path())
        .output()
        .expect("pira runs");
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(1), "{stderr}");
    assert!(
        !stderr.contains("panicked") && !stderr.contains("RUST_BACKTRACE"),
        "{stderr}"
    );
    let out = tmp.path().join("out");
    for (name, _, reason) in &bad {
        let lines: Vec<&str> = stderr
            .lines()
            .filter(|l| l.starts_with(&format!("{name}: ")))
            .collect();
        assert_eq!(lines.len(), 1, "{name}: one line each: {stderr}");
        assert!(lines[0].contains(reason), "{name}: {}", lines[0]);
        let json = out
            .join(name.rsplit_once('.').map_or(*name, |p| p.0))
            .with_extension("json");
        assert!(!json.exists(), "{name}: no output for a bad input");
    }
    for (name, _) in &good {
        let json = out
            .join(name.rsplit_once('.').map_or(*name, |p| p.0))
            .with_extension("json");
        assert!(json.is_file(), "{name} is converted: {stderr}");
    }
    let latin1: serde_json::Value =
        serde_json::from_slice(&std::fs::read(out.join("latin1.json")).expect("json"))
            .expect("JSON");
    assert_eq!(latin1["objectives"][0]["code"], "011-005-002");
    // The empty-password copy reads exactly as the plain PDF.
    let records = |name: &str| -> serde_json::Value {
        let json: serde_json::Value =
            serde_json::from_slice(&std::fs::read(out.join(name)).expect("json")).expect("JSON");
        json["objectives"].clone()
    };
    assert_eq!(records("empty-password.json"), records("born-digital.json"));
    let leftovers: Vec<_> = std::fs::read_dir(&out)
        .expect("out")
        .filter_map(|e| e.ok())
        .filter(|e| e.file_name().to_string_lossy().starts_with('.'))
        .collect();
    assert!(leftovers.is_empty(), "temporary files left: {leftovers:?}");
}

/// A one-page PDF of about 120 KB whose page is one JBIG2 image of
/// 100000 x 100000 pixels: decoding it would take 1.25 GB as a bitmap.
fn pixel_bomb() -> Vec<u8> {
    let mut doc = Document::with_version("1.5");
    let pages_id = doc.new_object_id();
    let image = doc.add_object(Stream::new(
        dictionary! {
            "Type" => "XObject", "Subtype" => "Image",
            "Width" => 100_000, "Height" => 100_000,
            "BitsPerComponent" => 1, "ColorSpace" => "DeviceGray",
            "Filter" => "JBIG2Decode",
        },
        vec![0u8; 120_000],
    ));
    let content = doc.add_object(Stream::new(
        dictionary! {},
        b"q 595 0 0 842 0 0 cm /Im0 Do Q".to_vec(),
    ));
    let page = doc.add_object(dictionary! {
        "Type" => "Page", "Parent" => pages_id, "Contents" => content,
        "MediaBox" => vec![0.into(), 0.into(), 595.into(), 842.into()],
        "Resources" => dictionary! { "XObject" => dictionary! { "Im0" => image } },
    });
    doc.objects.insert(
        pages_id,
        Object::Dictionary(
            dictionary! { "Type" => "Pages", "Kids" => vec![page.into()], "Count" => 1 },
        ),
    );
    let catalog = doc.add_object(dictionary! { "Type" => "Catalog", "Pages" => pages_id });
    doc.trailer.set("Root", catalog);
    let mut bytes = Vec::new();
    doc.save_to(&mut bytes).expect("a PDF is written");
    bytes
}

/// Image sizes are known from the PDF before anything is decoded: a page
/// over the pixel budget is refused, its size and the flag named, without
/// pdftoppm or Tesseract ever starting on it (which took 97 s and 4 GiB).
#[test]
fn a_page_over_the_pixel_budget_is_refused_unread() {
    let tmp = tempfile::tempdir().expect("a temporary folder");
    let bomb = tmp.path().join("bomb.pdf");
    std::fs::write(&bomb, pixel_bomb()).expect("write");
    std::fs::write(tmp.path().join("good.txt"), common::clean_report()).expect("write");
    let output = Command::new(env!("CARGO_BIN_EXE_pira"))
        .args(["extract", "bomb.pdf", "good.txt", "--out", "out"])
        .current_dir(tmp.path())
        .output()
        .expect("pira runs");
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(1), "{stderr}");
    let line = stderr
        .lines()
        .find(|l| l.starts_with("bomb.pdf: "))
        .unwrap_or_else(|| panic!("no line for bomb.pdf: {stderr}"));
    assert_eq!(
        line,
        "bomb.pdf: page 1: an image of 100000 x 100000 pixels (10000 megapixels) is over the limit of 200 megapixels (--max-megapixels)"
    );
    assert!(tmp.path().join("out/good.json").is_file(), "{stderr}");

    // The same size in an inline image of the page's content.
    let inline =
        b"q 842 0 0 595 0 0 cm BI /W 100000 /H 90000 /BPC 1 /CS /G /F /CCF ID \x00\x01\x00 EI Q";
    std::fs::write(tmp.path().join("inline.pdf"), pdf_with(1, inline, None)).expect("write");
    let output = Command::new(env!("CARGO_BIN_EXE_pira"))
        .args(["extract", "inline.pdf", "--out", "out"])
        .current_dir(tmp.path())
        .output()
        .expect("pira runs");
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr
            .starts_with("inline.pdf: page 1: an image of 100000 x 90000 pixels (9000 megapixels)"),
        "{stderr}"
    );
}
