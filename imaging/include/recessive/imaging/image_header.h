// Format sniffing (magic bytes) and pixel dimensions read from the container header, without decoding pixels,
// so size caps can be enforced before any pixel buffer exists. Pure functions over caller-owned bytes;
// every read is bounds-checked; thread-safe. Failures throw ImageError (bad_image / unsupported_format).
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>

namespace recessive::imaging {

enum class ImageFormat { jpeg, png, webp };

struct ImageHeader {
  ImageFormat format;
  int width;
  int height;
};

// The format from the leading magic bytes: JPEG FF D8 FF, PNG 89 50 4E 47 0D 0A 1A 0A, WebP "RIFF"????"WEBP".
// Fewer than 12 bytes (no image can be that small) -> ImageError bad_image; other magic -> unsupported_format.
ImageFormat sniff_image_format(const uint8_t* data, size_t size);

// Format plus width/height as stored in the file (before any EXIF orientation): PNG IHDR, JPEG SOFn
// (C0-CF except C4, C8, CC), WebP VP8 / VP8L / VP8X. Truncated or inconsistent headers -> bad_image.
ImageHeader read_image_header(const uint8_t* data, size_t size);

std::string mime_type(ImageFormat format);    // "image/jpeg", "image/png", "image/webp"
std::string format_name(ImageFormat format);  // "jpeg", "png", "webp"

// Case-insensitive: "png", ".png", "photo.JPG", "/a/b.webp", "jpeg", "jpe". Anything else -> unsupported_format.
ImageFormat format_from_extension(const std::string& path_or_ext);

}  // namespace recessive::imaging
