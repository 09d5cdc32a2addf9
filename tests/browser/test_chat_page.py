"""The shopper's chat in a real browser (Debian's Chromium) against the real stack: the chat page, the websocket
consumer, uploads, the retriever with its trained models, and a small catalog indexed by the project's commands."""
from __future__ import annotations

import base64
import re
from pathlib import Path
from typing import Callable

import pytest
from browser_support import ChatPage, ChatServer
from playwright.sync_api import Locator, Page, expect

pytestmark = pytest.mark.browser

QUERY = "navy blue shirt for men"
PHOTO_SKU = "10051"  # "Puma Men Motorsport Navy Blue Shirts", in the test catalog
CHANGE = "in white"
# A turn waits for the retriever; the first one in the server process also loads the models.
TURN_TIMEOUT_MS = 90_000
SCREENSHOT = Path(__file__).resolve().parents[2] / "docs" / "screenshot-chat.png"
PHONE_WIDTH = 375


def cards(page: Page, turn: int) -> Locator:
    return page.locator(f'.turn[data-turn="{turn}"] .product-card')


def expect_results(page: Page, turn: int, server: ChatServer) -> Locator:
    """The turn's first product card once it shows; on a timeout, what the page and the server said instead."""
    first = cards(page, turn).first
    try:
        expect(first).to_be_visible(timeout=TURN_TIMEOUT_MS)
    except AssertionError:
        notices = page.locator(".notice").all_inner_texts()
        pytest.fail(f"no products for turn {turn}; the page says {notices}; server log:\n{server.log_tail()}")
    return first


def message_box(page: Page) -> Locator:
    return page.get_by_label("Message", exact=True)


def ask(page: Page, text: str) -> None:
    message_box(page).fill(text)
    message_box(page).press("Enter")


def test_shopper_asks_uploads_refines_and_reloads(
    open_chat: Callable[[int, int], ChatPage], chat_server: ChatServer
) -> None:
    assert PHOTO_SKU in chat_server.skus
    chat = open_chat(1280, 900)
    page = chat.page

    # Ask in words: product cards with photo, generated-price hint, matched chips; the assistant answers.
    ask(page, QUERY)
    first_card = expect_results(page, 1, chat_server)
    expect(page.locator('.turn[data-turn="1"] .bubble')).to_have_text(QUERY)
    expect(page.locator('.turn[data-turn="1"] .assistant-text')).not_to_be_empty()
    expect(first_card.get_by_role("img")).to_have_attribute("alt", re.compile(r"\S"))
    expect(first_card.locator(".price-hint")).to_have_text("generated demo price")
    top_titles = [title.lower() for title in cards(page, 1).locator(".product-title").all_inner_texts()[:5]]
    assert any("navy" in title and "shirt" in title for title in top_titles), top_titles

    # A photo of a catalog product, added with the button: that product comes first.
    with page.expect_file_chooser() as chooser:
        page.get_by_role("button", name="Add a photo").click()
    chooser.value.set_files(chat_server.images_dir / f"{PHOTO_SKU}.jpg")
    expect(page.locator(".attachment-photo")).to_have_attribute("data-state", "ready")
    message_box(page).press("Enter")
    expect(expect_results(page, 2, chat_server)).to_have_attribute("data-sku", PHOTO_SKU)
    expect(page.locator('.turn[data-turn="2"] .message-photo')).to_be_visible()
    expect(page.locator(".attachment-photo")).to_have_count(0)

    # "Like this but…": the product becomes the composer's reference and the shopper types only the change.
    reference = cards(page, 2).first
    reference_title = reference.locator(".product-title").inner_text()
    reference.get_by_role("button", name="Like this but…").click()
    expect(page.locator(".reference-chip")).to_contain_text(reference_title)
    expect(message_box(page)).to_be_focused()
    page.keyboard.type(CHANGE)
    page.keyboard.press("Enter")
    expect(page.locator(".reference-chip")).to_have_count(0)
    changed = expect_results(page, 3, chat_server)
    expect(page.locator('.turn[data-turn="3"] .message-reference')).to_contain_text(reference_title)
    assert changed.get_attribute("data-sku") != PHOTO_SKU
    expect(changed).to_contain_text(re.compile("white", re.IGNORECASE))

    # Feedback on a card is acknowledged.
    like = changed.locator('[data-feedback="like"]')
    like.click()
    expect(like).to_have_attribute("aria-pressed", "true")
    expect(page.locator("#announcer")).to_have_text("Thanks, your feedback is noted.")

    # A reload resumes the conversation: every turn, photo, reference and card is back.
    page.reload()
    expect(page.locator("#connection-status")).to_have_attribute("data-state", "ready")
    expect(page.locator(".turn")).to_have_count(3)
    expect(page.locator('.turn[data-turn="1"] .bubble')).to_have_text(QUERY)
    expect(page.locator('.turn[data-turn="2"] .message-photo')).to_be_visible()
    expect(cards(page, 2).first).to_have_attribute("data-sku", PHOTO_SKU)
    expect(page.locator('.turn[data-turn="3"] .bubble')).to_have_text(CHANGE)
    expect(page.locator('.turn[data-turn="3"] .message-reference')).to_contain_text(reference_title)
    expect(cards(page, 3).first).to_have_attribute("data-sku", changed.get_attribute("data-sku") or "")

    page.screenshot(path=str(SCREENSHOT))
    assert chat.errors == []


def test_a_preview_of_the_request_is_drawn_and_can_be_searched_with(
    open_chat: Callable[[int, int], ChatPage], chat_server: ChatServer
) -> None:
    """GenIR in the page: the generated picture of what was asked shows in the preview panel (a previewer trained for
    two steps draws noise-like pictures: what is checked is the loop, not the picture) and becomes a photo turn."""
    chat = open_chat(1280, 900)
    page = chat.page
    ask(page, QUERY)
    expect_results(page, 1, chat_server)
    preview = page.locator("#preview-body img")
    expect(preview).to_be_visible(timeout=TURN_TIMEOUT_MS)
    expect(preview).to_have_attribute("alt", re.compile("turn 1"))
    page.get_by_role("button", name="This preview looks right").click()
    expect(page.get_by_role("button", name="This preview looks right")).to_have_attribute("aria-pressed", "true")

    page.get_by_role("button", name="Search with this picture").click()
    expect_results(page, 2, chat_server)
    expect(page.locator('.turn[data-turn="2"] .message-photo')).to_be_visible()
    assert chat.errors == []


def test_more_like_this_on_a_phone_width_screen(
    open_chat: Callable[[int, int], ChatPage], chat_server: ChatServer
) -> None:
    chat = open_chat(PHONE_WIDTH, 800)
    page = chat.page
    ask(page, QUERY)
    picked = expect_results(page, 1, chat_server)
    picked_title = picked.locator(".product-title").inner_text()

    picked.get_by_role("button", name="More like this").click()
    expect_results(page, 2, chat_server)
    expect(page.locator('.turn[data-turn="2"] .bubble')).to_have_text("More like this")
    expect(page.locator('.turn[data-turn="2"] .message-reference')).to_contain_text(picked_title)

    page_width = page.evaluate("document.documentElement.scrollWidth")
    assert page_width <= PHONE_WIDTH, f"the page scrolls sideways: {page_width}px wide at {PHONE_WIDTH}px"
    assert chat.errors == []


def test_a_file_that_is_not_a_photo_is_refused_politely(
    open_chat: Callable[[int, int], ChatPage], chat_server: ChatServer
) -> None:
    chat = open_chat(1280, 900)
    page = chat.page
    page.locator("#photo-input").set_input_files(
        {"name": "holiday.png", "mimeType": "image/png", "buffer": b"this is not a PNG"}
    )
    expect(page.get_by_role("alert")).to_contain_text(re.compile("not an image", re.IGNORECASE))
    expect(page.locator(".attachment-photo")).to_have_count(0)

    ask(page, QUERY)
    expect_results(page, 1, chat_server)
    assert chat.errors == []


DROP_OR_PASTE_PHOTO = """([kind, base64]) => {
    const bytes = Uint8Array.from(atob(base64), (character) => character.charCodeAt(0));
    const transfer = new DataTransfer();
    transfer.items.add(new File([bytes], "photo.jpg", { type: "image/jpeg" }));
    if (kind === "paste") {
        document.querySelector("#message-input").dispatchEvent(
            new ClipboardEvent("paste", { clipboardData: transfer, bubbles: true }));
        return;
    }
    const zone = document.querySelector(".conversation");
    for (const type of ["dragenter", "dragover", "drop"]) {
        zone.dispatchEvent(new DragEvent(type, { dataTransfer: transfer, bubbles: true, cancelable: true }));
    }
}"""


@pytest.mark.parametrize("kind", ["drop", "paste"])
def test_a_photo_can_be_dropped_or_pasted_and_removed(
    open_chat: Callable[[int, int], ChatPage], chat_server: ChatServer, kind: str
) -> None:
    chat = open_chat(1280, 900)
    page = chat.page
    photo = base64.b64encode((chat_server.images_dir / f"{PHOTO_SKU}.jpg").read_bytes()).decode("ascii")
    page.evaluate(DROP_OR_PASTE_PHOTO, [kind, photo])
    thumbnail = page.locator(".attachment-photo")
    expect(thumbnail).to_have_attribute("data-state", "ready")
    expect(page.locator("#drop-overlay")).to_be_hidden()

    page.get_by_role("button", name="Remove the photo").click()
    expect(thumbnail).to_have_count(0)
    expect(message_box(page)).to_be_focused()
    assert chat.errors == []
