"""GenIR: diffusion previews of what the shopper has described (not built yet; see the issues)."""
