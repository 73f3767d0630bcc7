"""What of an installed dependency tree is shipped: no byte-code, scripts, pip bookkeeping, or runtime-provided SDK."""

from __future__ import annotations

from pathlib import Path

from wrapper.package.layer import select_installed


def _site(root: Path) -> Path:
    files = {
        "attrs/__init__.py": "",
        "attrs/__pycache__/__init__.cpython-312.pyc": "",
        "attrs-24.2.0.dist-info/METADATA": "",
        "attrs-24.2.0.dist-info/RECORD": "",
        "attrs-24.2.0.dist-info/INSTALLER": "pip",
        "bin/some-tool": "#!/work/venv/bin/python\n",
        "boto3/__init__.py": "",
        "boto3-1.35.0.dist-info/METADATA": "",
        "boto3-1.35.0.dist-info/top_level.txt": "boto3\n",
        "botocore/data/x.json": "{}",
        "botocore-1.35.0.dist-info/METADATA": "",
        "six.py": "",
        "six-1.16.0.dist-info/METADATA": "",
    }
    for name, text in files.items():
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_text(text)
    return root


def test_runtime_provided_sdk_scripts_and_bookkeeping_are_left_out(tmp_path: Path) -> None:
    files, packages, excluded = select_installed(_site(tmp_path), bundle_runtime_provided=False)
    assert files == ["attrs-24.2.0.dist-info/METADATA", "attrs/__init__.py", "six-1.16.0.dist-info/METADATA", "six.py"]
    assert packages == ["attrs==24.2.0", "six==1.16.0"]
    assert excluded == ["boto3==1.35.0", "botocore==1.35.0"]


def test_a_pinned_sdk_is_bundled(tmp_path: Path) -> None:
    files, packages, excluded = select_installed(_site(tmp_path), bundle_runtime_provided=True)
    assert "boto3/__init__.py" in files and "botocore/data/x.json" in files
    assert excluded == [] and "botocore==1.35.0" in packages
