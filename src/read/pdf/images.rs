//! A scanned page's own image, for OCR: when the page's content draws one
//! image XObject over (nearly) the whole page and nothing else visible, OCR
//! reads that image at its native resolution instead of a rendering.
//!
//! Taken: JPEG (DCTDecode) as it is; grey or RGB samples (Flate and the
//! other general filters, 8 bits, or 1 bit grey) as PNM, turned upright;
//! CCITT Group 4, or Group 3 with end-of-line codes, in a TIFF. Anything
//! else (JBIG2, JPEG 2000, masks, other colour spaces, several images,
//! visible text or drawings, a JPEG or CCITT image drawn turned) is
//! rendered instead, and the reason says why.

use std::collections::BTreeMap;

use lopdf::{Dictionary, Object, ObjectId, Stream};

use super::content::{ImageDraw, Interpreter, Marks, Matrix, PageText};
use super::{dict_get, inherited, num, page_content, page_geometry, Budget, Fonts, Limits};
use crate::error::Result;
use crate::read::page_image::{
    ccitt_tiff, Ccitt, Colour, EmbeddedImage, Encoding, ImageFile, PageImage, Raster, Turn,
};
use crate::read::BBox;

/// The image must cover this share of the page.
const MIN_COVER: f64 = 0.85;
/// Horizontal and vertical resolutions may differ by this share.
const MAX_ASPECT_SKEW: f64 = 0.05;
/// Decoded samples of one image at most (bytes); larger ones are rendered.
const MAX_RASTER: usize = 256 * 1024 * 1024;

/// A PDF opened to take its pages' images.
pub struct PdfImages {
    doc: lopdf::Document,
    pages: BTreeMap<u32, ObjectId>,
    limits: Limits,
}

impl PdfImages {
    pub fn load(bytes: &[u8]) -> Result<PdfImages> {
        let limits = Limits::default();
        let doc = super::load(bytes, limits)?;
        let pages = doc.get_pages();
        Ok(PdfImages { doc, pages, limits })
    }

    /// Where page `number`'s OCR image comes from.
    pub fn source(&self, number: u32) -> PageImage {
        let doc = &self.doc;
        let Some(page) = self
            .pages
            .get(&number)
            .and_then(|&id| doc.get_dictionary(id).ok())
        else {
            return PageImage::rendered("page unreadable");
        };
        let (_, width, height) = page_geometry(doc, page);
        let Some(text) = self.interpret(page) else {
            return PageImage::rendered("content over the size limit");
        };
        match self.only_image(&text.marks, (f64::from(width), f64::from(height))) {
            Ok(image) => PageImage::Embedded(image),
            Err(why) => PageImage::Rendered { why },
        }
    }

    /// The page's one image, if it makes up the page and can be taken.
    fn only_image(
        &self,
        marks: &Marks,
        page: (f64, f64),
    ) -> std::result::Result<EmbeddedImage, String> {
        let draw = match (marks.images.as_slice(), marks.image_count) {
            ([], 0) => return Err("no image".into()),
            ([draw], 1) => draw,
            (_, n) => return Err(format!("{n} images")),
        };
        if marks.inline_images > 0 {
            return Err("inline images".into());
        }
        if marks.visible_glyphs > 0 {
            return Err("visible text".into());
        }
        if marks.paths > draw.paths_before {
            return Err("drawing over the image".into());
        }
        let placement = Placement::of(draw, page)?;
        let object = draw.object.ok_or("image not an indirect object")?;
        let stream = self
            .doc
            .get_object(object)
            .and_then(Object::as_stream)
            .map_err(|_| "image unreadable".to_string())?;
        let (width, height) = self.pixels(&stream.dict)?;
        let encoding = self.encoding(stream)?;
        if !placement.turn.is_upright() && !matches!(encoding, Encoding::Pixels { .. }) {
            return Err("image drawn turned".into());
        }
        let dpi = placement.dpi(width, height)?;
        Ok(EmbeddedImage {
            object,
            encoding,
            width,
            height,
            turn: placement.turn,
            placement: placement.bbox,
            page_size: (page.0 as f32, page.1 as f32),
            dpi,
        })
    }

    fn pixels(&self, dict: &Dictionary) -> std::result::Result<(u32, u32), String> {
        let size = |key: &[u8]| {
            dict_get(&self.doc, dict, key)
                .and_then(num)
                .filter(|&v| v >= 1.0 && v <= f64::from(u32::MAX))
                .map(|v| v as u32)
        };
        match (size(b"Width"), size(b"Height")) {
            (Some(w), Some(h)) => Ok((w, h)),
            _ => Err("image without a size".into()),
        }
    }

    /// How the image's samples are coded, if OCR can take them.
    fn encoding(&self, stream: &Stream) -> std::result::Result<Encoding, String> {
        let doc = &self.doc;
        let dict = &stream.dict;
        let flag = |key: &[u8]| dict_get(doc, dict, key).and_then(|o| o.as_bool().ok());
        if flag(b"ImageMask") == Some(true) {
            return Err("stencil mask image".into());
        }
        if dict.has(b"SMask") || dict.has(b"Mask") {
            return Err("masked image".into());
        }
        let filters = self.filters(dict);
        let filter = |name: &[u8]| filters.len() == 1 && filters[0] == name;
        let inverted = self.decode_inverted(dict)?;
        if filter(b"DCTDecode") {
            self.colour(dict)?;
            return match inverted {
                false => Ok(Encoding::Jpeg),
                true => Err("inverted JPEG".into()),
            };
        }
        if filter(b"CCITTFaxDecode") {
            return self.ccitt(dict, inverted);
        }
        if let Some(other) = filters
            .iter()
            .find(|f| !GENERAL_FILTERS.contains(&f.as_slice()))
        {
            return Err(match other.as_slice() {
                b"JBIG2Decode" => "JBIG2 image".into(),
                b"JPXDecode" => "JPEG 2000 image".into(),
                b"DCTDecode" | b"CCITTFaxDecode" => "image behind two filters".into(),
                name => format!("{} image", String::from_utf8_lossy(name)),
            });
        }
        let colour = self.colour(dict)?;
        let bits = dict_get(doc, dict, b"BitsPerComponent")
            .and_then(num)
            .unwrap_or(8.0);
        match (colour, bits) {
            (_, 8.0) | (Colour::Gray, 1.0) => {}
            _ => return Err(format!("{bits}-bit image")),
        }
        if inverted && colour == Colour::Rgb {
            return Err("inverted colour image".into());
        }
        Ok(Encoding::Pixels {
            colour,
            bits: bits as u8,
            inverted,
        })
    }

    fn filters(&self, dict: &Dictionary) -> Vec<Vec<u8>> {
        match dict_get(&self.doc, dict, b"Filter") {
            Some(Object::Name(n)) => vec![n.clone()],
            Some(Object::Array(items)) => items
                .iter()
                .filter_map(|o| super::deref(&self.doc, o))
                .map(|o| o.as_name().map_or_else(|_| b"?".to_vec(), <[u8]>::to_vec))
                .collect(),
            _ => Vec::new(),
        }
    }

    /// Grey or RGB, from the names and ICC profiles that mean them.
    fn colour(&self, dict: &Dictionary) -> std::result::Result<Colour, String> {
        let doc = &self.doc;
        let space = dict_get(doc, dict, b"ColorSpace");
        let name = match space {
            Some(Object::Name(n)) => n.as_slice(),
            Some(Object::Array(items)) => items
                .first()
                .and_then(|o| super::deref(doc, o))
                .and_then(|o| o.as_name().ok())
                .unwrap_or(b"?"),
            _ => return Err("image without a colour space".into()),
        };
        let components = || {
            let Some(Object::Array(items)) = space else {
                return None;
            };
            let profile = items.get(1).and_then(|o| super::deref(doc, o))?;
            let profile = profile.as_stream().ok()?;
            dict_get(doc, &profile.dict, b"N").and_then(num)
        };
        match name {
            b"DeviceGray" | b"CalGray" | b"G" => Ok(Colour::Gray),
            b"DeviceRGB" | b"CalRGB" | b"RGB" => Ok(Colour::Rgb),
            b"ICCBased" => match components() {
                Some(1.0) => Ok(Colour::Gray),
                Some(3.0) => Ok(Colour::Rgb),
                _ => Err("ICC colour image that is not grey or RGB".into()),
            },
            other => Err(format!("{} image", String::from_utf8_lossy(other))),
        }
    }

    /// Whether `/Decode` swaps black and white; other decode arrays are refused.
    fn decode_inverted(&self, dict: &Dictionary) -> std::result::Result<bool, String> {
        let Some(decode) = dict_get(&self.doc, dict, b"Decode") else {
            return Ok(false);
        };
        let values: Vec<f64> = decode
            .as_array()
            .map_err(|_| "image with an odd /Decode".to_string())?
            .iter()
            .filter_map(|o| super::deref(&self.doc, o).and_then(num))
            .collect();
        let pairs: Vec<&[f64]> = values.chunks(2).collect();
        if pairs.iter().all(|p| p == &[0.0, 1.0]) {
            Ok(false)
        } else if pairs == [[1.0, 0.0]] {
            Ok(true)
        } else {
            Err("image with an odd /Decode".into())
        }
    }

    fn ccitt(&self, dict: &Dictionary, inverted: bool) -> std::result::Result<Encoding, String> {
        let doc = &self.doc;
        let params = match dict_get(doc, dict, b"DecodeParms") {
            Some(Object::Dictionary(d)) => Some(d),
            Some(Object::Array(items)) => items
                .first()
                .and_then(|o| super::deref(doc, o))
                .and_then(|o| o.as_dict().ok()),
            _ => None,
        };
        let get = |key: &[u8]| params.and_then(|p| dict_get(doc, p, key));
        let flag = |key: &[u8]| get(key).and_then(|o| o.as_bool().ok()).unwrap_or(false);
        let k = get(b"K").and_then(num).unwrap_or(0.0) as i64;
        let byte_aligned = flag(b"EncodedByteAlign");
        if k < 0 && byte_aligned {
            return Err("byte-aligned CCITT G4 image".into());
        }
        if k >= 0 && !flag(b"EndOfLine") {
            return Err("CCITT G3 image without end-of-line codes".into());
        }
        let (width, height) = self.pixels(dict)?;
        let columns = get(b"Columns").and_then(num).unwrap_or(1728.0);
        let rows = get(b"Rows").and_then(num).unwrap_or(f64::from(height));
        if columns != f64::from(width) || rows != f64::from(height) {
            return Err("CCITT image whose size disagrees with its parameters".into());
        }
        Ok(Encoding::Ccitt(Ccitt {
            k,
            byte_aligned,
            negative: flag(b"BlackIs1") != inverted,
        }))
    }

    /// The image file Tesseract reads for `image`, upright; or why not.
    pub fn file(&self, image: &EmbeddedImage) -> std::result::Result<ImageFile, String> {
        let stream = self
            .doc
            .get_object(image.object)
            .and_then(Object::as_stream)
            .map_err(|_| "image unreadable".to_string())?;
        let (w, h) = (image.width as usize, image.height as usize);
        match image.encoding {
            Encoding::Jpeg => Ok(ImageFile {
                bytes: stream.content.clone(),
                extension: "jpg",
            }),
            Encoding::Ccitt(ccitt) => Ok(ccitt_tiff(
                &stream.content,
                image.width,
                image.height,
                ccitt,
                image.dpi,
            )),
            Encoding::Pixels {
                colour,
                bits,
                inverted,
            } => {
                let row = (w * colour.channels() * usize::from(bits)).div_ceil(8);
                let size = row.checked_mul(h).filter(|&s| s <= MAX_RASTER);
                let size = size.ok_or("image too large to take")?;
                // Predictors add a byte a row before they are undone.
                let data = stream
                    .get_plain_content_with_limit(size + h + 1)
                    .map_err(|_| "image samples do not decode".to_string())?;
                let raster = Raster::unpack(&data, w, h, colour, bits, inverted)
                    .ok_or("image samples cut short")?;
                Ok(raster.turned(image.turn).pnm())
            }
        }
    }
}

/// What on a page would need the most pixels to render or decode.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PagePixels {
    /// The page rendered at the given resolution, width and height.
    pub rendered: (u64, u64),
    /// The largest image the page's resources hold (forms included).
    pub largest_image: Option<(u64, u64)>,
}

/// How deep form XObjects are followed, and how many are looked at.
const MAX_FORM_DEPTH: usize = 8;
const MAX_XOBJECTS: usize = 10_000;

impl PdfImages {
    /// The pixels page `number` needs at `dpi`, known from the page size
    /// and the images' `/Width` and `/Height` before anything is decoded.
    pub fn page_pixels(&self, number: u32, dpi: u32) -> Option<PagePixels> {
        let doc = &self.doc;
        let page = doc.get_dictionary(*self.pages.get(&number)?).ok()?;
        let (_, width, height) = page_geometry(doc, page);
        let at = |points: f32| (f64::from(points) / 72.0 * f64::from(dpi)).ceil() as u64;
        let resources = inherited(doc, page, b"Resources").and_then(|o| o.as_dict().ok());
        let mut walk = ImageWalk::default();
        if let Some(resources) = resources {
            walk.resources(doc, resources, 0);
        }
        if let Some(inline) = self.largest_inline_image(page) {
            walk.consider(inline);
        }
        Some(PagePixels {
            rendered: (at(width), at(height)),
            largest_image: walk.largest,
        })
    }

    /// The largest image the page's content holds inline, as its
    /// dictionary states.
    fn largest_inline_image(&self, page: &Dictionary) -> Option<(u64, u64)> {
        self.interpret(page)?.marks.largest_inline_image
    }

    /// The page's content run through the interpreter; `None` when it is
    /// over the size limit.
    fn interpret(&self, page: &Dictionary) -> Option<PageText> {
        let doc = &self.doc;
        let (device, width, height) = page_geometry(doc, page);
        let resources = inherited(doc, page, b"Resources").and_then(|o| o.as_dict().ok());
        let mut budget = Budget::new(self.limits.max_decompressed);
        let content = page_content(doc, page, &mut budget).ok()?;
        let mut fonts = Fonts::default();
        Interpreter::page(
            doc,
            &mut fonts,
            &mut budget,
            device,
            (width, height),
            &content,
            resources,
        )
        .ok()
    }
}

/// The images of a page's resources, form XObjects followed.
#[derive(Default)]
struct ImageWalk {
    seen: std::collections::HashSet<ObjectId>,
    largest: Option<(u64, u64)>,
}

impl ImageWalk {
    /// Keeps `image` if it is the largest so far.
    fn consider(&mut self, image: (u64, u64)) {
        let area = |(w, h): (u64, u64)| w.saturating_mul(h);
        if self.largest.is_none_or(|l| area(image) > area(l)) {
            self.largest = Some(image);
        }
    }

    fn resources(&mut self, doc: &lopdf::Document, resources: &Dictionary, depth: usize) {
        let Some(Object::Dictionary(xobjects)) = dict_get(doc, resources, b"XObject") else {
            return;
        };
        for (_, value) in xobjects.iter() {
            if let Object::Reference(id) = value {
                if self.seen.len() >= MAX_XOBJECTS || !self.seen.insert(*id) {
                    continue;
                }
            }
            let Some(Object::Stream(stream)) = super::deref(doc, value) else {
                continue;
            };
            self.xobject(doc, &stream.dict, depth);
        }
    }

    fn xobject(&mut self, doc: &lopdf::Document, dict: &Dictionary, depth: usize) {
        let subtype = dict_get(doc, dict, b"Subtype").and_then(|o| o.as_name().ok());
        match subtype {
            Some(b"Image") => {
                let size = |key: &[u8]| {
                    dict_get(doc, dict, key)
                        .and_then(num)
                        .map_or(0, |v| v.max(0.0) as u64)
                };
                self.consider((size(b"Width"), size(b"Height")));
            }
            Some(b"Form") if depth < MAX_FORM_DEPTH => {
                if let Some(Object::Dictionary(inner)) = dict_get(doc, dict, b"Resources") {
                    self.resources(doc, inner, depth + 1);
                }
            }
            _ => {}
        }
    }
}

/// Filters lopdf decodes.
const GENERAL_FILTERS: [&[u8]; 5] = [
    b"FlateDecode",
    b"LZWDecode",
    b"ASCII85Decode",
    b"ASCIIHexDecode",
    b"RunLengthDecode",
];

/// Where an image draw lands on the displayed page.
struct Placement {
    bbox: BBox,
    turn: Turn,
    /// The image's width and height on the page, in points.
    width_pt: f64,
    height_pt: f64,
}

impl Placement {
    /// The draw's placement, if it is axis-aligned and makes up the page.
    fn of(draw: &ImageDraw, (width, height): (f64, f64)) -> std::result::Result<Placement, String> {
        let m = draw.matrix;
        let turn = turn(&m).ok_or("image drawn at an angle")?;
        let corners = [(0.0, 0.0), (1.0, 0.0), (0.0, 1.0), (1.0, 1.0)].map(|(u, v)| m.apply(u, v));
        let xs = corners.map(|c| c.0);
        let ys = corners.map(|c| c.1);
        let lo = |v: [f64; 4]| v.into_iter().fold(f64::INFINITY, f64::min);
        let hi = |v: [f64; 4]| v.into_iter().fold(f64::NEG_INFINITY, f64::max);
        let [x0, y0, x1, y1] = [lo(xs), lo(ys), hi(xs), hi(ys)];
        let covered =
            (x1.min(width) - x0.max(0.0)).max(0.0) * (y1.min(height) - y0.max(0.0)).max(0.0);
        let share = covered / (width * height);
        if share < MIN_COVER {
            return Err(format!("image covers {:.0}% of the page", share * 100.0));
        }
        let [a, b, c, d, _, _] = m.0;
        Ok(Placement {
            bbox: BBox {
                x0: x0 as f32,
                y0: y0 as f32,
                x1: x1 as f32,
                y1: y1 as f32,
            },
            turn,
            width_pt: a.hypot(b),
            height_pt: c.hypot(d),
        })
    }

    /// Pixels per inch, when rows and columns agree.
    fn dpi(&self, width: u32, height: u32) -> std::result::Result<u32, String> {
        let across = f64::from(width) * 72.0 / self.width_pt;
        let down = f64::from(height) * 72.0 / self.height_pt;
        if !(across.is_finite() && down.is_finite() && across > 0.0 && down > 0.0) {
            return Err("image of no size".into());
        }
        if (across - down).abs() > MAX_ASPECT_SKEW * across.max(down) {
            return Err(format!("pixels not square ({across:.0} x {down:.0} dpi)"));
        }
        Ok((((across + down) / 2.0).round() as u32).max(1))
    }
}

/// How an image drawn by `m` (unit square, y up, to device space, y down)
/// turns to stand upright; `None` when it is not drawn along the axes.
fn turn(m: &Matrix) -> Option<Turn> {
    let [a, b, c, d, _, _] = m.0;
    // Stored columns run along (a, b); stored rows run down along (-c, -d).
    let (across, down) = (a.hypot(b), c.hypot(d));
    let tiny = |v: f64, of: f64| v.abs() <= 0.01 * of;
    if across == 0.0 || down == 0.0 {
        None
    } else if tiny(b, across) && tiny(c, down) {
        Some(Turn {
            swap: false,
            flip_x: a < 0.0,
            flip_y: d > 0.0,
        })
    } else if tiny(a, across) && tiny(d, down) {
        Some(Turn {
            swap: true,
            flip_x: c > 0.0,
            flip_y: b < 0.0,
        })
    } else {
        None
    }
}
