"""Ship the repository's top-level facts.json inside the package (as taishan/facts.json)."""

from pathlib import Path

from setuptools import setup
from setuptools.command.build_py import build_py


class BuildWithStore(build_py):
    def run(self) -> None:
        super().run()
        target = Path(self.build_lib) / "taishan" / "facts.json"
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes((Path(__file__).parent / "facts.json").read_bytes())


setup(cmdclass={"build_py": BuildWithStore})
