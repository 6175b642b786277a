//! Which image OCR takes from a page: the embedded scan and where it lies,
//! or a rendering and why.

use lopdf::{dictionary, Dictionary, Object, Stream};

use super::{page, Builder, PageSpec};
use crate::read::page_image::{Colour, Encoding, PageImage, Turn};
use crate::read::pdf::PdfImages;

/// A stand-in JPEG: only the stream's filter and size are looked at here.
const JPEG: &[u8] = b"\xFF\xD8\xFF\xD9";

fn jpeg_dict(w: i64, h: i64) -> Dictionary {
    dictionary! {
        "Type" => "XObject", "Subtype" => "Image", "Width" => w, "Height" => h,
        "ColorSpace" => "DeviceGray", "BitsPerComponent" => 8, "Filter" => "DCTDecode",
    }
}

impl Builder {
    fn image(&mut self, name: &str, dict: Dictionary, data: &[u8]) {
        let id = self.doc.add_object(Stream::new(dict, data.to_vec()));
        self.xobjects.set(name, Object::Reference(id));
    }
}

/// The source of page 1 of a one-page PDF with image /Im1 and `content`.
fn source_of(image: Dictionary, data: &[u8], spec: PageSpec) -> PageImage {
    let mut b = Builder::new();
    b.helvetica("F1");
    b.image("Im1", image, data);
    b.image("Im2", jpeg_dict(10, 10), JPEG);
    b.page(spec);
    let pdf = b.finish();
    PdfImages::load(&pdf).expect("the PDF loads").source(1)
}

fn embedded(source: &PageImage) -> &crate::read::page_image::EmbeddedImage {
    match source {
        PageImage::Embedded(image) => image,
        PageImage::Rendered { why } => panic!("rendered: {why}"),
    }
}

fn rendered_because(source: &PageImage) -> &str {
    match source {
        PageImage::Rendered { why } => why,
        PageImage::Embedded(image) => panic!("embedded: {image:?}"),
    }
}

#[test]
fn a_full_page_jpeg_is_taken_at_its_resolution() {
    // Letter at 200 dpi: 1700 x 2200 pixels.
    let source = source_of(
        jpeg_dict(1700, 2200),
        JPEG,
        page("q 612 0 0 792 0 0 cm /Im1 Do Q"),
    );
    let image = embedded(&source);
    assert_eq!(image.encoding, Encoding::Jpeg);
    assert_eq!((image.width, image.height, image.dpi), (1700, 2200, 200));
    assert!(image.turn.is_upright());
    let p = image.placement;
    assert_eq!([p.x0, p.y0, p.x1, p.y1], [0.0, 0.0, 612.0, 792.0]);
    assert_eq!(source.describe(), "embedded JPEG 200 dpi");
}

#[test]
fn an_image_inside_a_form_with_margins_is_taken() {
    let mut b = Builder::new();
    b.image("Im1", jpeg_dict(1500, 2000), JPEG);
    let resources = dictionary! { "XObject" => b.xobjects.clone() };
    b.form(
        "Fm1",
        "q 576 0 0 768 0 0 cm /Im1 Do Q",
        [1.0, 0.0, 0.0, 1.0, 18.0, 12.0],
        Some(resources),
    );
    b.page(page("/Fm1 Do"));
    let pdf = b.finish();
    let source = PdfImages::load(&pdf).expect("loads").source(1);
    let image = embedded(&source);
    let p = image.placement;
    assert_eq!([p.x0, p.y0, p.x1, p.y1], [18.0, 12.0, 594.0, 780.0]);
    // 1500 pixels over 576 points (8 inches): 187.5 dpi.
    assert_eq!(image.dpi, 188);
}

#[test]
fn rotate_and_the_image_matrix_give_the_displayed_placement() {
    // Stored portrait with /Rotate 90, the image drawn turned back: it
    // displays upright, landscape.
    let rotated = PageSpec {
        media: [0.0, 0.0, 612.0, 792.0],
        crop: None,
        rotate: Some(90),
        contents: vec![b"q 0 792 -612 0 612 0 cm /Im1 Do Q".to_vec()],
    };
    let image = embedded(&source_of(jpeg_dict(2200, 1700), JPEG, rotated)).clone();
    assert!(image.turn.is_upright(), "{:?}", image.turn);
    let p = image.placement;
    assert_eq!([p.x0, p.y0, p.x1, p.y1], [0.0, 0.0, 792.0, 612.0]);
    assert_eq!(image.page_size, (792.0, 612.0));

    // The image drawn plainly on a /Rotate 90 page shows turned clockwise:
    // a JPEG cannot be turned, so the page is rendered.
    let sideways = PageSpec {
        media: [0.0, 0.0, 612.0, 792.0],
        crop: None,
        rotate: Some(90),
        contents: vec![b"q 612 0 0 792 0 0 cm /Im1 Do Q".to_vec()],
    };
    let source = source_of(jpeg_dict(1700, 2200), JPEG, sideways);
    assert_eq!(rendered_because(&source), "image drawn turned");
}

/// A grey image of `w` x `h` whose pixel at (x, y) is `10 * y + x`.
fn gradient(w: usize, h: usize) -> (Dictionary, Vec<u8>) {
    let pixels: Vec<u8> = (0..h)
        .flat_map(|y| (0..w).map(move |x| (10 * y + x) as u8))
        .collect();
    let mut stream = Stream::new(
        dictionary! {
            "Type" => "XObject", "Subtype" => "Image", "Width" => w as i64, "Height" => h as i64,
            "ColorSpace" => "DeviceGray", "BitsPerComponent" => 8,
        },
        pixels,
    );
    stream.compress().expect("compresses");
    (stream.dict, stream.content)
}

#[test]
fn flate_pixels_are_turned_upright_into_a_pgm() {
    // 3 x 2 pixels drawn plainly on a /Rotate 90 page: displayed turned
    // clockwise, so the upright picture is 2 x 3.
    let (dict, data) = gradient(3, 2);
    let mut b = Builder::new();
    b.image("Im1", dict, &data);
    b.page(PageSpec {
        media: [0.0, 0.0, 300.0, 200.0],
        crop: None,
        rotate: Some(90),
        contents: vec![b"q 300 0 0 200 0 0 cm /Im1 Do Q".to_vec()],
    });
    let pdf = b.finish();
    let images = PdfImages::load(&pdf).expect("loads");
    let source = images.source(1);
    let image = embedded(&source);
    assert_eq!(
        image.encoding,
        Encoding::Pixels {
            colour: Colour::Gray,
            bits: 8,
            inverted: false
        }
    );
    assert_eq!(
        image.turn,
        Turn {
            swap: true,
            flip_x: true,
            flip_y: false
        }
    );
    let file = images.file(image).expect("the pixels decode");
    assert_eq!(file.extension, "pgm");
    // Turned clockwise: the bottom row (10 11 12) becomes the left column.
    assert_eq!(file.bytes, b"P5\n2 3\n255\n\x0a\x00\x0b\x01\x0c\x02");
}

#[test]
fn one_bit_and_inverted_images() {
    let mut dict = dictionary! {
        "Type" => "XObject", "Subtype" => "Image", "Width" => 10, "Height" => 1,
        "ColorSpace" => "DeviceGray", "BitsPerComponent" => 1,
        "Decode" => vec![1.into(), 0.into()],
    };
    let strip = PageSpec {
        media: [0.0, 0.0, 720.0, 72.0],
        crop: None,
        rotate: None,
        contents: vec![b"q 720 0 0 72 0 0 cm /Im1 Do Q".to_vec()],
    };
    let mut b = Builder::new();
    b.image("Im1", dict.clone(), &[0b1000_0000, 0]);
    b.page(strip);
    let pdf = b.finish();
    let images = PdfImages::load(&pdf).expect("loads");
    let source = images.source(1);
    let file = images.file(embedded(&source)).expect("decodes");
    // /Decode [1 0]: the one 1 bit is black, the rest white.
    assert_eq!(
        &file.bytes[file.bytes.len() - 10..],
        &[0, 255, 255, 255, 255, 255, 255, 255, 255, 255]
    );
    dict.set("BitsPerComponent", 4);
    dict.set("Height", 13);
    let four = source_of(dict, &[0; 65], page("q 612 0 0 792 0 0 cm /Im1 Do Q"));
    assert_eq!(rendered_because(&four), "4-bit image");
}

#[test]
fn ccitt_group_4_goes_into_a_tiff() {
    let mut dict = dictionary! {
        "Type" => "XObject", "Subtype" => "Image", "Width" => 2550, "Height" => 3300,
        "ColorSpace" => "DeviceGray", "BitsPerComponent" => 1, "Filter" => "CCITTFaxDecode",
        "DecodeParms" => dictionary! { "K" => -1, "Columns" => 2550, "Rows" => 3300 },
    };
    let mut b = Builder::new();
    b.image("Im1", dict.clone(), b"fax data");
    b.page(page("q 612 0 0 792 0 0 cm /Im1 Do Q"));
    let pdf = b.finish();
    let images = PdfImages::load(&pdf).expect("loads");
    let source = images.source(1);
    assert_eq!(source.describe(), "embedded CCITT G4 image 300 dpi");
    let file = images.file(embedded(&source)).expect("wrapped");
    assert_eq!(file.extension, "tif");
    assert!(file.bytes.starts_with(b"II*\0"));
    assert_eq!(&file.bytes[8..16], b"fax data");

    // Group 3 without end-of-line codes: leptonica cannot read it from a TIFF.
    dict.set("DecodeParms", dictionary! { "K" => 0, "Columns" => 2550 });
    let g3 = source_of(dict, b"fax data", page("q 612 0 0 792 0 0 cm /Im1 Do Q"));
    assert_eq!(
        rendered_because(&g3),
        "CCITT G3 image without end-of-line codes"
    );
}

#[test]
fn pages_that_are_more_than_one_scan_are_rendered() {
    let full = "q 612 0 0 792 0 0 cm /Im1 Do Q";
    let cases: Vec<(Dictionary, String, &str)> = vec![
        (jpeg_dict(1700, 2200), String::new(), "no image"),
        (
            jpeg_dict(1700, 2200),
            format!("{full} q 10 0 0 10 0 0 cm /Im2 Do Q"),
            "2 images",
        ),
        (
            jpeg_dict(1700, 2200),
            format!("{full} BT /F1 10 Tf 72 700 Td (Timbro) Tj ET"),
            "visible text",
        ),
        (
            jpeg_dict(1700, 2200),
            format!("{full} 0 0 100 100 re f"),
            "drawing over the image",
        ),
        (
            jpeg_dict(1700, 2200),
            "q 306 0 0 792 0 0 cm /Im1 Do Q".to_string(),
            "image covers 50% of the page",
        ),
        (
            jpeg_dict(1700, 2200),
            "q 600 100 -100 780 0 0 cm /Im1 Do Q".to_string(),
            "image drawn at an angle",
        ),
        (
            jpeg_dict(1700, 1100),
            full.to_string(),
            "pixels not square (200 x 100 dpi)",
        ),
        (
            {
                let mut d = jpeg_dict(1700, 2200);
                d.set("Filter", "JBIG2Decode");
                d
            },
            full.to_string(),
            "JBIG2 image",
        ),
        (
            {
                let mut d = jpeg_dict(1700, 2200);
                d.set("SMask", Object::Reference((1, 0)));
                d
            },
            full.to_string(),
            "masked image",
        ),
        (
            {
                let mut d = jpeg_dict(1700, 2200);
                d.set("ColorSpace", "DeviceCMYK");
                d
            },
            full.to_string(),
            "DeviceCMYK image",
        ),
    ];
    for (dict, content, why) in cases {
        let source = source_of(dict, JPEG, page(&content));
        assert_eq!(rendered_because(&source), why, "{content}");
    }
    // Invisible text over the scan (a searchable scan read with --ocr
    // always) does not hide the scan, and a background painted under it
    // does not count.
    let searchable =
        format!("1 1 1 rg 0 0 612 792 re f {full} BT 3 Tr /F1 10 Tf 72 700 Td (Testo) Tj ET");
    let source = source_of(jpeg_dict(1700, 2200), JPEG, page(&searchable));
    assert_eq!(embedded(&source).dpi, 200);
}
