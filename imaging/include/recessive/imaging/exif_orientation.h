// EXIF orientation (tag 0x0112 in IFD0, either byte order) found in JPEG APP1 "Exif\0\0", PNG eXIf or WebP EXIF.
// Pure functions over caller-owned bytes; never throw, never read outside the buffer; thread-safe.
// Values: 1 = as stored, 2 = mirrored, 3 = rotated 180, 4 = flipped, 5-8 = transposed/rotated 90 (EXIF 2.3).
#pragma once

#include <cstddef>
#include <cstdint>

namespace recessive::imaging {

// Orientation 1..8 of a complete JPEG/PNG/WebP file; 1 when absent, malformed, out of range or not one of the three.
int read_exif_orientation(const uint8_t* data, size_t size);

// Orientation 1..8 from a TIFF-structured EXIF block ("II*\0" or "MM\0*", optionally preceded by "Exif\0\0");
// 1 when absent or malformed.
int exif_block_orientation(const uint8_t* data, size_t size);

}  // namespace recessive::imaging
