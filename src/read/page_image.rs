//! Where OCR takes a page's image from ([`PageImage`]): the scan embedded
//! in the PDF, at its own resolution, or a rendering of the page. And the
//! image files Tesseract is given for an embedded scan: its JPEG bytes as
//! they are, its pixels as a PNM file, or its CCITT fax data in a minimal
//! TIFF.

use super::BBox;

/// Resolution pages are rendered at for OCR when their scan cannot be taken.
pub const RENDER_DPI: u32 = 300;

/// The image a page is OCR'd from.
#[derive(Debug, Clone, PartialEq)]
pub enum PageImage {
    /// The one image that makes up the page.
    Embedded(EmbeddedImage),
    /// The page rendered at [`RENDER_DPI`], and why its image was not taken.
    Rendered { why: String },
}

impl PageImage {
    pub fn rendered(why: impl Into<String>) -> PageImage {
        PageImage::Rendered { why: why.into() }
    }

    /// "embedded JPEG 200 dpi", "page rendered at 300 dpi (JBIG2 image)".
    pub fn describe(&self) -> String {
        match self {
            PageImage::Embedded(image) => {
                format!("embedded {} {} dpi", image.encoding.name(), image.dpi)
            }
            PageImage::Rendered { why } => {
                format!("page rendered at {RENDER_DPI} dpi ({why})")
            }
        }
    }
}

/// A page's scan as the PDF holds it.
#[derive(Debug, Clone, PartialEq)]
pub struct EmbeddedImage {
    /// The image XObject (object number and generation).
    pub object: (u32, u16),
    pub encoding: Encoding,
    /// Size in pixels, as stored.
    pub width: u32,
    pub height: u32,
    /// How the stored pixels turn to stand as the page is displayed.
    pub turn: Turn,
    /// Where the image lies on the displayed page, in points from the top left.
    pub placement: BBox,
    /// The displayed page's width and height in points.
    pub page_size: (f32, f32),
    /// Pixels per inch on the page.
    pub dpi: u32,
}

/// How an embedded image's samples are coded.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Encoding {
    /// DCTDecode: the bytes are a JPEG file.
    Jpeg,
    /// Samples (after Flate or another general filter), grey or RGB.
    Pixels {
        colour: Colour,
        /// 8, or 1 for grey.
        bits: u8,
        /// `/Decode [1 0]`: 0 is white.
        inverted: bool,
    },
    /// CCITTFaxDecode: Group 4 (k < 0) or Group 3 with end-of-line codes.
    Ccitt(Ccitt),
}

impl Encoding {
    fn name(&self) -> &'static str {
        match self {
            Encoding::Jpeg => "JPEG",
            Encoding::Pixels {
                colour: Colour::Rgb,
                ..
            } => "RGB image",
            Encoding::Pixels { bits: 1, .. } => "black-and-white image",
            Encoding::Pixels { .. } => "grey image",
            Encoding::Ccitt(c) if c.k < 0 => "CCITT G4 image",
            Encoding::Ccitt(_) => "CCITT G3 image",
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Colour {
    Gray,
    Rgb,
}

impl Colour {
    pub fn channels(self) -> usize {
        match self {
            Colour::Gray => 1,
            Colour::Rgb => 3,
        }
    }
}

/// The CCITT parameters a TIFF needs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Ccitt {
    /// < 0: Group 4; 0: Group 3 one-dimensional; > 0: Group 3 two-dimensional.
    pub k: i64,
    /// Group 3 rows are padded to end their end-of-line codes on a byte.
    pub byte_aligned: bool,
    /// Black runs decode to 1 bits (`/BlackIs1`), or 0 bits are white
    /// (`/Decode [1 0]`): one of them, so the picture is a negative.
    pub negative: bool,
}

/// How stored pixels map to the upright picture: a quarter turn or a
/// mirror, as the image matrix and /Rotate place them.
///
/// A stored pixel at column `c` and row `r` lands at `(c, r)`, or at
/// `(r, c)` when `swap`; then `flip_x` and `flip_y` mirror that position.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Turn {
    pub swap: bool,
    pub flip_x: bool,
    pub flip_y: bool,
}

impl Turn {
    pub fn is_upright(&self) -> bool {
        *self == Turn::default()
    }
}

/// An image file for Tesseract, upright as the page is displayed.
#[derive(Debug, Clone)]
pub struct ImageFile {
    pub bytes: Vec<u8>,
    /// File name extension: "jpg", "pgm", "ppm", "tif".
    pub extension: &'static str,
}

/// 8-bit pixels, grey or RGB, row by row.
#[derive(Debug, Clone, PartialEq)]
pub struct Raster {
    pub width: usize,
    pub height: usize,
    pub colour: Colour,
    pub data: Vec<u8>,
}

impl Raster {
    /// Decoded samples to 8-bit pixels: 8 bits per sample, or 1 bit (grey,
    /// rows padded to a byte); `None` when the data is too short.
    pub fn unpack(
        data: &[u8],
        width: usize,
        height: usize,
        colour: Colour,
        bits: u8,
        inverted: bool,
    ) -> Option<Raster> {
        let channels = colour.channels();
        let mut pixels = match bits {
            8 => data
                .get(..width.checked_mul(height)?.checked_mul(channels)?)?
                .to_vec(),
            1 if colour == Colour::Gray => {
                let row_bytes = width.div_ceil(8);
                let rows = data.get(..row_bytes.checked_mul(height)?)?;
                let mut out = Vec::with_capacity(width * height);
                for row in rows.chunks_exact(row_bytes.max(1)) {
                    out.extend((0..width).map(|x| {
                        let bit = row.get(x / 8).map_or(0, |b| (b >> (7 - x % 8)) & 1);
                        if bit == 1 {
                            255
                        } else {
                            0
                        }
                    }));
                }
                out
            }
            _ => return None,
        };
        if inverted {
            pixels.iter_mut().for_each(|p| *p = 255 - *p);
        }
        Some(Raster {
            width,
            height,
            colour,
            data: pixels,
        })
    }

    /// The raster turned upright.
    pub fn turned(self, turn: Turn) -> Raster {
        if turn.is_upright() {
            return self;
        }
        let (w, h, n) = (self.width, self.height, self.colour.channels());
        let (out_w, out_h) = if turn.swap { (h, w) } else { (w, h) };
        let mut data = vec![0u8; self.data.len()];
        for r in 0..h {
            for c in 0..w {
                let (mut x, mut y) = if turn.swap { (r, c) } else { (c, r) };
                if turn.flip_x {
                    x = out_w - 1 - x;
                }
                if turn.flip_y {
                    y = out_h - 1 - y;
                }
                let from = (r * w + c) * n;
                let to = (y * out_w + x) * n;
                if let (Some(src), Some(dst)) =
                    (self.data.get(from..from + n), data.get_mut(to..to + n))
                {
                    dst.copy_from_slice(src);
                }
            }
        }
        Raster {
            width: out_w,
            height: out_h,
            colour: self.colour,
            data,
        }
    }

    /// A binary PGM (grey) or PPM (RGB) file.
    pub fn pnm(&self) -> ImageFile {
        let (magic, extension) = match self.colour {
            Colour::Gray => ("P5", "pgm"),
            Colour::Rgb => ("P6", "ppm"),
        };
        let mut bytes = format!("{magic}\n{} {}\n255\n", self.width, self.height).into_bytes();
        bytes.extend_from_slice(&self.data);
        ImageFile { bytes, extension }
    }
}

/// CCITT fax data wrapped in a one-strip TIFF that leptonica reads.
pub fn ccitt_tiff(data: &[u8], width: u32, height: u32, ccitt: Ccitt, dpi: u32) -> ImageFile {
    const SHORT: u16 = 3;
    const LONG: u16 = 4;
    const RATIONAL: u16 = 5;
    // Header (8 bytes), then the data, then the IFD on an even offset.
    let data_offset = 8u32;
    let ifd_offset = (data_offset + data.len() as u32).next_multiple_of(2);
    let (compression, options_tag, options) = match ccitt.k {
        k if k < 0 => (4u32, 293u16, 0u32),
        k => (
            3,
            292,
            u32::from(k > 0) | if ccitt.byte_aligned { 4 } else { 0 },
        ),
    };
    // Photometric: 0 shows 1 bits (the coded black runs) as black.
    let photometric = u32::from(ccitt.negative);
    let entries: u16 = 12;
    let rational_offset = ifd_offset + 2 + u32::from(entries) * 12 + 4;
    let mut tags: Vec<(u16, u16, u32)> = vec![
        (256, LONG, width),
        (257, LONG, height),
        (258, SHORT, 1),
        (259, SHORT, compression),
        (262, SHORT, photometric),
        (273, LONG, data_offset),
        (278, LONG, height),
        (279, LONG, data.len() as u32),
        (282, RATIONAL, rational_offset),
        (283, RATIONAL, rational_offset),
        (options_tag, LONG, options),
        (296, SHORT, 2),
    ];
    tags.sort_by_key(|t| t.0);
    let mut out = Vec::with_capacity(rational_offset as usize + 8);
    out.extend_from_slice(b"II*\0");
    out.extend_from_slice(&ifd_offset.to_le_bytes());
    out.extend_from_slice(data);
    out.resize(ifd_offset as usize, 0);
    out.extend_from_slice(&entries.to_le_bytes());
    for (tag, kind, value) in tags {
        out.extend_from_slice(&tag.to_le_bytes());
        out.extend_from_slice(&kind.to_le_bytes());
        out.extend_from_slice(&1u32.to_le_bytes());
        if kind == SHORT {
            out.extend_from_slice(&(value as u16).to_le_bytes());
            out.extend_from_slice(&[0, 0]);
        } else {
            out.extend_from_slice(&value.to_le_bytes());
        }
    }
    out.extend_from_slice(&0u32.to_le_bytes());
    out.extend_from_slice(&dpi.to_le_bytes());
    out.extend_from_slice(&1u32.to_le_bytes());
    ImageFile {
        bytes: out,
        extension: "tif",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn raster(width: usize, height: usize) -> Raster {
        Raster {
            width,
            height,
            colour: Colour::Gray,
            data: (0..(width * height) as u8).collect(),
        }
    }

    #[test]
    fn quarter_turns_and_mirrors() {
        // 0 1 2
        // 3 4 5
        let r = raster(3, 2);
        let clockwise = r.clone().turned(Turn {
            swap: true,
            flip_x: true,
            flip_y: false,
        });
        assert_eq!((clockwise.width, clockwise.height), (2, 3));
        assert_eq!(clockwise.data, vec![3, 0, 4, 1, 5, 2]);
        let half = r.clone().turned(Turn {
            swap: false,
            flip_x: true,
            flip_y: true,
        });
        assert_eq!(half.data, vec![5, 4, 3, 2, 1, 0]);
        assert_eq!(r.clone().turned(Turn::default()), r);
    }

    #[test]
    fn one_bit_rows_are_padded_and_inverted_on_request() {
        // 10 pixels a row: two bytes; 1 bits are white.
        let data = [0b1010_0000, 0b0100_0000, 0xFF, 0xC0];
        let r = Raster::unpack(&data, 10, 2, Colour::Gray, 1, false).expect("enough data");
        assert_eq!(&r.data[..10], &[255, 0, 255, 0, 0, 0, 0, 0, 0, 255]);
        assert!(r.data[10..].iter().all(|&p| p == 255));
        let negative = Raster::unpack(&data, 10, 2, Colour::Gray, 1, true).expect("enough data");
        assert_eq!(negative.data[0], 0);
        assert!(Raster::unpack(&data[..3], 10, 2, Colour::Gray, 1, false).is_none());
    }

    #[test]
    fn pnm_header() {
        let file = raster(3, 2).pnm();
        assert_eq!(file.extension, "pgm");
        assert!(file.bytes.starts_with(b"P5\n3 2\n255\n"));
        assert_eq!(file.bytes.len(), 11 + 6);
    }
}
