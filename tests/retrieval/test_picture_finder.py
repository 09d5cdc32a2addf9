from pathlib import Path

import numpy as np
from PIL import Image, ImageDraw

from retrieval.photo_match import match_scores, thumbnail
from retrieval.picture_finder import find_on_side, find_pictures, find_pointed, white_balanced

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
    found = find_pictures(photo)
    assert found
    assert abs(found[0].width / found[0].height - 180 / 240) < 0.02
    # The cut-out is the picture, give or take a few pixels of table at its edges.
    assert abs(found[0].width - 120) <= 4 and abs(found[0].height - 160) <= 4


def test_a_picture_touching_an_edge_is_still_found() -> None:
    photo = _on_gradient(_catalog_photo().resize((120, 160)), (200, 220), (40, 0))
    found = find_pictures(photo)
    assert found and abs(found[0].height - 160) <= 4


def test_a_tilted_picture_on_a_textured_surface_is_straightened() -> None:
    """A print lying askew on a wooden table: the cut-out lines up with the catalog photo again."""
    rng = np.random.default_rng(0)
    grain = (rng.normal(0, 1, (240, 1)) * 25 + rng.normal(0, 18, (240, 180))).clip(-60, 60)
    wood = np.stack([150 + grain, 100 + grain * 0.8, 60 + grain * 0.5], axis=-1).clip(0, 255).astype(np.uint8)
    photo = Image.fromarray(wood)
    catalog = _catalog_photo("10000")
    tilted = catalog.resize((120, 160)).rotate(8, expand=True, fillcolor=(0, 0, 0))
    mask = Image.new("L", (120, 160), 255).rotate(8, expand=True)
    photo.paste(tilted, ((180 - tilted.width) // 2, (240 - tilted.height) // 2), mask)
    found = find_pictures(photo)
    assert found
    straight = match_scores(found[0], thumbnail(catalog)[None])[0]
    assert straight > 0.85, f"NCC {straight:.2f} with the catalog photo"


def test_the_picture_inside_a_page_is_found_as_well() -> None:
    """A magazine page on a table, the product photo printed on it among lines of text: page, then picture."""
    page = Image.new("RGB", (150, 200), (236, 230, 215))
    draw = ImageDraw.Draw(page)
    for y in range(150, 195, 8):
        draw.rectangle((10, y, 140, y + 3), fill=(120, 120, 120))
    page.paste(_catalog_photo().resize((90, 120)), (30, 15))
    photo = Image.new("RGB", (200, 266), (70, 60, 120))
    photo.paste(page, (25, 33))
    found = find_pictures(photo)
    assert len(found) == 2
    inner = found[1]
    assert inner.height < found[0].height
    assert match_scores(inner, thumbnail(_catalog_photo())[None])[0] > 0.85


def test_a_wide_subject_is_widened_not_stretched() -> None:
    """A flat wallet on a table: the cut-out keeps the photo's aspect ratio, with table above and below."""
    photo = Image.new("RGB", (120, 160), (200, 200, 205))
    ImageDraw.Draw(photo).rectangle((10, 50, 110, 120), fill=(30, 20, 20))
    found = find_pictures(photo)
    assert found and found[0].size == (101, round(101 / 120 * 160))


def test_nothing_is_found_without_a_surface_or_a_solid_subject() -> None:
    assert find_pictures(_catalog_photo()) == []  # a close shot of a shirt on a model: nothing lies on anything
    assert find_pictures(Image.new("RGB", (60, 80), (120, 40, 40))) == []  # a plain surface alone
    noisy = Image.effect_noise((60, 80), 90).convert("RGB")  # a busy scene: no surface to speak of
    assert find_pictures(noisy) == []
    small = Image.new("RGB", (120, 160), (200, 200, 205))
    ImageDraw.Draw(small).rectangle((50, 60, 70, 90), fill=(30, 20, 20))  # a detail, not a picture
    assert find_pictures(small) == []


def test_a_product_lying_on_a_surface_is_taken_out_onto_white() -> None:
    from retrieval.picture_finder import find_product

    floor = Image.new("RGB", (120, 160), (150, 110, 80))
    product = Image.new("RGB", (50, 70), (20, 40, 160))
    floor.paste(product, (30, 40))
    cut = find_product(floor)
    assert cut is not None
    pixels = np.asarray(cut)
    assert pixels[0, 0].min() >= 240  # the surface became white
    centre = pixels[pixels.shape[0] // 2, pixels.shape[1] // 2]
    assert centre[2] > 120 and centre[0] < 60  # the product stayed as it was
    assert find_product(Image.new("RGB", (60, 80), (255, 255, 255))) is None  # a studio photo needs nothing


def _shop_page(left: Image.Image, right: Image.Image) -> Image.Image:
    """Two products side by side on a white app page, each above a dark price bar."""
    page = Image.new("RGB", (160, 200), (255, 255, 255))
    draw = ImageDraw.Draw(page)
    for x, product in ((8, left), (88, right)):
        page.paste(product.resize((60, 80)), (x, 30))
        draw.rectangle([x, 125, x + 50, 131], fill=(30, 30, 30))
    return page


def test_the_product_on_the_side_pointed_at_is_cut_out_of_a_shop_page() -> None:
    black, silver = Image.new("RGB", (60, 80), (20, 20, 20)), Image.new("RGB", (60, 80), (170, 170, 175))
    page = _shop_page(black, silver)
    left, right = find_on_side(page, "left"), find_on_side(page, "right")
    assert left is not None and right is not None
    assert np.asarray(left).mean() < np.asarray(right).mean()  # the black product on the left, the silver one right
    assert abs(left.width / left.height - page.width / page.height) < 0.05
    assert find_on_side(page, "middle") is None  # nothing lies in the middle third alone


def test_a_single_product_has_no_sides_to_pick() -> None:
    close_shot = Image.new("RGB", (120, 160), (255, 255, 255))
    close_shot.paste(Image.new("RGB", (100, 120), (20, 40, 160)), (10, 20))
    assert find_on_side(close_shot, "left") is None and find_on_side(close_shot, "right") is None
    assert find_on_side(_catalog_photo(), "left") is None


def test_the_product_pointed_at_in_an_app_between_its_bars_and_by_its_place_in_the_row() -> None:
    red, green, blue = (Image.new("RGB", (60, 80), colour) for colour in ((200, 30, 30), (30, 160, 40), (30, 40, 200)))
    app = Image.new("RGB", (240, 320), (250, 250, 250))
    draw = ImageDraw.Draw(app)
    draw.rectangle([0, 0, 240, 40], fill=(20, 40, 140))  # the app's title bar and its icon grid reach the border
    for x in range(0, 240, 40):
        draw.rectangle([x + 6, 250, x + 30, 300], fill=(60 + x // 2, 200 - x // 2, 90))
    draw.rectangle([0, 240, 240, 245], fill=(40, 40, 60))
    for x, product in ((15, red), (90, green), (165, blue)):
        app.paste(product, (x, 90))
    second = find_pointed(app, "second")
    first = find_on_side(app, "left")
    assert second is not None and first is not None
    assert np.asarray(second).mean(axis=(0, 1)).argmax() == 1  # the green one, in the middle of three
    assert np.asarray(first).mean(axis=(0, 1)).argmax() == 0


def test_a_light_backdrops_colour_cast_is_taken_off_the_whole_photo() -> None:
    photo = _catalog_photo()
    lilac = np.asarray(photo, dtype=np.float32) * np.array([0.95, 0.86, 0.97], dtype=np.float32)
    balanced = white_balanced(Image.fromarray(lilac.astype(np.uint8)))
    assert balanced is not None
    error_before = np.abs(lilac - np.asarray(photo, dtype=np.float32)).mean()
    error_after = np.abs(np.asarray(balanced, dtype=np.float32) - np.asarray(photo, dtype=np.float32)).mean()
    assert error_after < error_before / 3
    assert white_balanced(photo) is None  # already white: nothing to take off
    table = _on_gradient(photo.resize((120, 160)), (180, 240), (10, 70))
    assert white_balanced(table) is None  # a dark or busy surround is no backdrop to turn white
