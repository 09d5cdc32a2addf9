"""GenIR: diffusion previews of what the shopper has described, drawn while the search results are read.

``previewers`` is the entry point (``load_previewer``/``get_previewer``, ``PreviewRequest``); ``training`` trains the
catalog model that ``pipeline`` samples from. No Django here: the chat app calls in.
"""
