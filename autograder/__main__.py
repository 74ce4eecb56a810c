"""``python -m autograder <command>``: the TA's and the instructor's commands.

    release [LAB ...]          regenerate the student notebooks in labs/ from solutions/
    run LAB SUBMISSIONS        collect + grade + feedback + export, for a whole class at once
    collect LAB SUBMISSIONS    take a folder or an LMS zip of submissions into work/submitted/
    grade LAB [-s STUDENT ..]  autograde with nbgrader into work/gradebook.db
    feedback LAB               write each student's feedback page into work/feedback/
    export LAB [-o CSV]        write the grades CSV (default work/LAB-grades.csv) and print it
    demo                       grade a simulated class of every lab and print the kill rate
    student-kit [-o DIR]       build what students receive (no reference answers) and zip it
"""
import argparse
import sys
from pathlib import Path

from .course import LABS, workdir


def _print_rows(rows):
    print(f"{'student':32s} {'auto':>6s} {'manual':>6s} {'total':>6s} {'max':>5s}  problems")
    for r in rows:
        manual = f"{r.manual_score:6.1f}" if not r.needs_manual_grading else "   ...".rjust(6)
        print(f"{r.student:32s} {r.auto_score:6.1f} {manual} {r.score:6.1f} {r.max_score:5.1f}  {r.problems}")


def _collect(args):
    from .collect import collect

    found = collect(args.lab, args.submissions)
    for problem in found:
        print(f"problem  {problem}")
    print(f"collected into {workdir() / 'submitted'}")


def _grade(args):
    from .grade import grade

    results = grade(args.lab, students=args.student or None)
    failed = [r.student for r in results if not r.success]
    print(f"graded {len(results)} submissions of {args.lab}"
          + (f"; no grade for {', '.join(failed)} (see `export`)" if failed else ""))


def _feedback(args):
    from .feedback import generate_feedback

    pages = generate_feedback(args.lab)
    print(f"{len(pages)} feedback pages in {workdir() / 'feedback'}")


def _export(args):
    from .export import export_csv

    path = Path(args.output or workdir() / f"{args.lab}-grades.csv")
    _print_rows(export_csv(args.lab, path))
    print(f"grades CSV: {path}")


def _run(args):
    for step in (_collect, _grade, _feedback, _export):
        step(args)


def _release(args):
    from .release import release

    for lab in args.labs or LABS:
        release(lab)
        print(f"released {lab} into labs/{lab}/")


def _demo(args):
    from .demo import main

    return main()


def _student_kit(args):
    from .course import REPO
    from .student_kit import build_student_kit

    archive = build_student_kit(Path(args.output or REPO / "dist" / "student-kit"))
    print(f"student kit: {archive}")


def parser():
    p = argparse.ArgumentParser(prog="python -m autograder", description=__doc__,
                                formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = p.add_subparsers(dest="command", required=True)
    lab = {"choices": LABS, "metavar": "LAB", "help": f"one of: {', '.join(LABS)}"}
    s = sub.add_parser("release", help="regenerate labs/ from solutions/")
    s.add_argument("labs", nargs="*", metavar="LAB", help="default: every lab")
    s.set_defaults(func=_release)
    for name, func, text in [("run", _run, "collect, grade, feedback and export"),
                             ("collect", _collect, "take submissions from a folder or a zip")]:
        s = sub.add_parser(name, help=text)
        s.add_argument("lab", **lab)
        s.add_argument("submissions", help="a folder or a .zip of the class's submissions")
        # `run` grades everyone and writes the CSV to its default place.
        s.set_defaults(func=func, student=None, output=None)
    s = sub.add_parser("grade", help="autograde the collected submissions")
    s.add_argument("lab", **lab)
    s.add_argument("-s", "--student", action="append", help="only this student (repeatable)")
    s.set_defaults(func=_grade)
    s = sub.add_parser("feedback", help="write feedback pages")
    s.add_argument("lab", **lab)
    s.set_defaults(func=_feedback)
    s = sub.add_parser("export", help="write the grades CSV")
    s.add_argument("lab", **lab)
    s.add_argument("-o", "--output", help="the CSV path")
    s.set_defaults(func=_export)
    sub.add_parser("demo", help="grade the simulated classes").set_defaults(func=_demo)
    s = sub.add_parser("student-kit", help="build the student kit")
    s.add_argument("-o", "--output", help="the kit folder (default dist/student-kit)")
    s.set_defaults(func=_student_kit)
    return p


def main(argv=None):
    args = parser().parse_args(argv)
    try:
        return args.func(args) or 0
    except (FileNotFoundError, ValueError, RuntimeError) as err:
        print(f"error: {err}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
