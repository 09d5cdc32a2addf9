from pathlib import Path

from PIL import Image, ImageDraw

from retrieval.picture_finder import find_picture

DEMO = Path(__file__).resolve().parents[2] / "data" / "fashion-small"


def _catalog_photo(sku: str = "15970") -> Image.Image:
    with Image.open(DEMO / "images" / f"{sku}.jpg") as photo:
        return photo.convert("RGB")


def _on_gradient(picture: Image.Image, size: tuple[int, int], at: tuple[int, int]) -> Image.Image:
    """``picture`` lying on a table whose colour shades from top to bottom."""
    table = Image.new("RGB", size)
    draw = ImageDraw.Draw(table)
    for y in range(size[1]):
        share = y / (size[1] - 1)
        draw.line([(0, y), (size[0], y)], fill=(round(90 + 60 * share), round(140 - 40 * share), 70))
    table.paste(picture, at)
    return table


def test_a_picture_on_a_table_is_cut_out_at_the_photos_aspect_ratio() -> None:
    picture = _catalog_photo().resize((120, 160))
    photo = _on_gradient(picture, (180, 240), (10, 70))
    found = find_picture(photo)
    assert found is not None
    assert abs(found.width / found.height - 180 / 240) < 0.02
    # The cut-out is the picture, give or take a pixel of table at its edges.
    assert abs(found.width - 120) <= 3 and abs(found.height - 160) <= 3


def test_a_picture_touching_an_edge_is_still_found() -> None:
    photo = _on_gradient(_catalog_photo().resize((120, 160)), (200, 220), (40, 0))
    found = find_picture(photo)
    assert found is not None and abs(found.height - 160) <= 3


def test_a_wide_subject_is_widened_not_stretched() -> None:
    """A flat wallet on a table: the cut-out keeps the photo's aspect ratio, with table above and below."""
    photo = Image.new("RGB", (120, 160), (200, 200, 205))
    ImageDraw.Draw(photo).rectangle((10, 50, 110, 120), fill=(30, 20, 20))
    found = find_picture(photo)
    assert found is not None and found.size == (101, round(101 / 120 * 160))


def test_nothing_is_found_without_a_surface_or_a_solid_subject() -> None:
    assert find_picture(_catalog_photo()) is None  # a close shot of a shirt on a model: nothing lies on anything
    assert find_picture(Image.new("RGB", (60, 80), (120, 40, 40))) is None  # a plain surface alone
    noisy = Image.effect_noise((60, 80), 90).convert("RGB")  # a busy scene: no surface to speak of
    assert find_picture(noisy) is None
    small = Image.new("RGB", (120, 160), (200, 200, 205))
    ImageDraw.Draw(small).rectangle((50, 60, 70, 90), fill=(30, 20, 20))  # a detail, not a picture
    assert find_picture(small) is None
