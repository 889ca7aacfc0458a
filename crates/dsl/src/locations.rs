//! Where the recipe made each instruction of the document it lowers into,
//! so that findings on the document point back at recipe lines.

use dockerfile::InstructionId;

use crate::location::Location;
use crate::recipe::Recipe;

impl Recipe {
    /// The recipe location of every preamble, `FROM` and body instruction
    /// of the document [`Recipe::finish`] produces.
    pub fn locations(&self) -> Vec<(InstructionId, Location)> {
        let preamble = self
            .preamble
            .iter()
            .enumerate()
            .map(|(i, entry)| (InstructionId::Preamble(i), entry.at.clone()));
        let stages = self.order.iter().enumerate().flat_map(|(stage, id)| {
            let state = &self.stages[id.0];
            let from = state
                .entered_at
                .clone()
                .map(|at| (InstructionId::From { stage }, at));
            let body = state.body.iter().enumerate().map(move |(index, entry)| {
                (InstructionId::Body { stage, index }, entry.at.clone())
            });
            from.into_iter().chain(body)
        });
        preamble.chain(stages).collect()
    }
}

#[cfg(test)]
mod tests {
    use dockerfile::Instruction;

    use super::*;
    use crate::recipe::RenderSettings;

    #[test]
    fn every_lowered_instruction_has_its_recipe_line() {
        let mut recipe = Recipe::new("recipe.py", RenderSettings::default());
        let a = recipe.new_stage("alpine".into(), "a".into(), None);
        recipe
            .enter_stage(a, &Location::new("recipe.py", 3))
            .expect("enter");
        recipe.push(
            a,
            Instruction::Workdir("/app".into()),
            &Location::new("recipe.py", 4),
            vec![],
        );
        recipe.push(
            a,
            Instruction::User("app".into()),
            &Location::new("recipe.py", 6),
            vec![],
        );
        recipe.exit_stage(a);
        let document = recipe.finish().expect("valid");
        let located = recipe.locations();
        let lines: Vec<(InstructionId, u32)> =
            located.iter().map(|(id, at)| (*id, at.line)).collect();
        assert_eq!(
            lines,
            [
                (InstructionId::From { stage: 0 }, 3),
                (InstructionId::Body { stage: 0, index: 0 }, 4),
                (InstructionId::Body { stage: 0, index: 1 }, 6),
            ]
        );
        assert_eq!(document.stages[0].body.len(), 2);
    }
}
